/**
 * A fake Slack Web API on loopback: records every request (Web API methods under `/api/`, and
 * `response_url` posts under `/response/<id>`) and answers like Slack (`{ ok: true, ts }`).
 * The Web client posts `application/x-www-form-urlencoded` with JSON-encoded fields such as
 * `blocks`; `response_url` posts are JSON. Both are parsed into plain objects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface CapturedCall {
  /** `chat.postMessage` for Web API calls, `response` for response_url posts. */
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The `Authorization` header (the Web client sends the bot token there). */
  authorization?: string;
}

/** A running fake Slack API. */
export interface FakeSlackApi {
  /** Base URL for `slackApiUrl` (ends with `/api/`). */
  apiUrl: string;
  /** A response_url on this fake. */
  responseUrl(id: string): string;
  calls: CapturedCall[];
  /** Web API `chat.postMessage` calls. */
  postMessages(): CapturedCall[];
  /** response_url posts, optionally for one id. */
  responses(id?: string): CapturedCall[];
  /**
   * When set, the next `times` calls of `method` (a Web API method, or `response`) are answered like a
   * rate-limited Slack: 429 with `Retry-After: <retryAfter>` and `{ ok: false, error: 'ratelimited' }`.
   */
  rateLimit?: { method: string; retryAfter: number; times: number };
  /**
   * When set, the next `times` calls of `method` (a Web API method, or `response`) fail with `status` and
   * `{ ok: false }`; with `path`, only calls to that path do (so a late call from an earlier test cannot use it up).
   */
  failure?: { method: string; status: number; times: number; path?: string };
  /** Resolves with the first captured call matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (call: CapturedCall) => boolean, timeoutMs?: number): Promise<CapturedCall>;
  close(): Promise<void>;
}

/** A custom answer for one Web API method (default: `{ ok: true, ts }`). */
export type MethodAnswer = (call: CapturedCall) => Record<string, unknown>;

/** Starts the fake on 127.0.0.1 with a free port; `methods` overrides the answer of named methods. */
export async function startFakeSlackApi(methods: Record<string, MethodAnswer> = {}): Promise<FakeSlackApi> {
  const calls: CapturedCall[] = [];
  const waiters: { predicate: (c: CapturedCall) => boolean; resolve: (c: CapturedCall) => void }[] = [];
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      const call: CapturedCall = {
        method: path.startsWith('/api/') ? path.slice('/api/'.length) : 'response',
        path,
        body: parseBody(raw, String(req.headers['content-type'] ?? '')),
        authorization: req.headers.authorization,
      };
      calls.push(call);
      const limit = fake.rateLimit;
      if (limit && limit.times > 0 && limit.method === call.method) {
        limit.times -= 1;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limit.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const failure = fake.failure;
      if (failure && failure.times > 0 && failure.method === call.method && (failure.path === undefined || failure.path === call.path)) {
        failure.times -= 1;
        res.writeHead(failure.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
        return;
      }
      for (const w of [...waiters]) {
        if (w.predicate(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      }
      if (call.method === 'response') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      counter += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      const custom = Object.hasOwn(methods, call.method) ? methods[call.method] : undefined;
      if (custom) return void res.end(JSON.stringify(custom(call)));
      res.end(JSON.stringify({ ok: true, ts: `1700000000.${String(counter).padStart(6, '0')}`, channel: call.body.channel }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const fake: FakeSlackApi = {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    postMessages: () => calls.filter((c) => c.method === 'chat.postMessage'),
    responses: (id) => calls.filter((c) => c.method === 'response' && (id === undefined || c.path === `/response/${id}`)),
    waitFor: (predicate, timeoutMs = 3000) => {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CapturedCall>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake Slack API: expected call did not arrive')), timeoutMs);
        waiters.push({ predicate, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** Parses a JSON or form body; form fields that hold JSON (blocks, attachments) are decoded. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
