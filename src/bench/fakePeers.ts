/**
 * Fake peers for the HTTP bench: a Bot Framework connector (the activity's `serviceUrl`, where the bot
 * posts its typing indicator and reply) and a Slack Web API (`SLACK_API_URL`, where `chat.postMessage`
 * and `response_url` posts go). Plain node http servers on 127.0.0.1 that accept any request, count it
 * and answer at once, so the figures measure the bot and not its peers. They keep no per-request state:
 * a 10 s run at thousands of requests per second must not grow their memory.
 *
 * They live in `src/` (not `test/helpers/`) because the bench runs from `dist/`. The tests use the
 * recording fakes of `test/helpers/`, which check what was sent.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Counters of one fake peer. */
export interface PeerCounts {
  /** Requests received. */
  requests: number;
  /** Requests whose body mentions `"type":"message"` (connector: replies, not typing indicators). */
  messages: number;
  /** Bytes of request bodies received. */
  bytes: number;
  /** TCP connections opened to the peer (far fewer than requests when the bot reuses connections). */
  connections: number;
}

/** A running fake peer. */
export interface FakePeer {
  /** Base URL, no trailing slash. */
  url: string;
  counts: PeerCounts;
  /** Sets every counter back to 0 (between bench runs). */
  reset(): void;
  close(): Promise<void>;
}

/** Both fakes the bench needs. */
export interface FakePeers {
  /** Use as the activities' `serviceUrl`. */
  connector: FakePeer;
  /** `slack.apiUrl` is `${slack.url}/api/`. */
  slack: FakePeer;
  close(): Promise<void>;
}

type Answer = (path: string, counter: number) => { status: number; type: string; body: string };

async function startPeer(answer: Answer): Promise<FakePeer> {
  const counts: PeerCounts = { requests: 0, messages: 0, bytes: 0, connections: 0 };
  const server = http.createServer((req, res) => {
    let isMessage = false;
    let tail = '';
    req.on('data', (chunk: Buffer) => {
      counts.bytes += chunk.length;
      // Cheap check across chunk borders: only the last few characters of the previous chunk are kept.
      const text = tail + chunk.toString('latin1');
      if (!isMessage && text.includes('"type":"message"')) isMessage = true;
      tail = text.slice(-20);
    });
    req.on('end', () => {
      counts.requests += 1;
      if (isMessage) counts.messages += 1;
      const out = answer((req.url ?? '/').split('?')[0], counts.requests);
      res.writeHead(out.status, { 'content-type': out.type, 'content-length': Buffer.byteLength(out.body) });
      res.end(out.body);
    });
    req.on('error', () => undefined);
  });
  server.on('connection', () => (counts.connections += 1));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset() {
      counts.requests = 0;
      counts.messages = 0;
      counts.bytes = 0;
      counts.connections = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts a fake Bot Framework connector: every POST gets `200 { id }`, everything else `200 {}`. */
export function startBenchConnector(): Promise<FakePeer> {
  return startPeer((path, n) =>
    /^\/v3\/conversations\/[^/]+\/activities/.test(path)
      ? { status: 200, type: 'application/json', body: `{"id":"bench-${n}"}` }
      : { status: 200, type: 'application/json', body: '{}' },
  );
}

/** Starts a fake Slack Web API: `/api/<method>` answers `{ ok: true, ts }`, a response_url post `ok`. */
export function startBenchSlackApi(): Promise<FakePeer> {
  return startPeer((path, n) =>
    path.startsWith('/api/')
      ? { status: 200, type: 'application/json', body: `{"ok":true,"ts":"1700000000.${String(n).padStart(6, '0')}"}` }
      : { status: 200, type: 'text/plain', body: 'ok' },
  );
}

/** Starts both fakes on loopback. */
export async function startFakePeers(): Promise<FakePeers> {
  const [connector, slack] = await Promise.all([startBenchConnector(), startBenchSlackApi()]);
  return {
    connector,
    slack,
    close: async () => {
      await Promise.all([connector.close(), slack.close()]);
    },
  };
}
