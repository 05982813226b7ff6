import { randomUUID } from 'node:crypto';
import * as restify from 'restify';
import { lineLogger, type Logger } from '../core/logger';
import { clientAddress, installClientAddress, type TrustProxy } from './clientAddress';
import { declaredTooLarge, hasBody, mediaType, readBody } from './readBody';
import { refuseEncodedBodies } from './refuseEncodedBodies';
import { createRejectionSummary, type RejectionSummary } from './rejectionSummary';

/** Something that adds routes to the server: the Teams, Slack and admin surfaces each are one. */
export interface ServerPlugin {
  /** Short name for the start-up log ("teams", "slack", "admin"). */
  name: string;
  mount(server: restify.Server): void;
  /** Media types, cheap pre-body checks and body shape checks of this plugin's routes. */
  bodyRules?: BodyRule[];
}

/** A request refused by a cheap check, before its body is read. */
export interface Rejection {
  status: number;
  /** `{ code, message }` of the JSON answer: generic, never an internal detail. */
  code: string;
  message: string;
  /** Short reason for the rejection counters (`missing_signature`, `no_token`, …). */
  reason: string;
  headers?: Record<string, string>;
  /** More fields of the JSON answer, for a surface with its own error shape (Slack's `{ ok, error }`). */
  extra?: Record<string, unknown>;
}

/**
 * What `/healthz` reports; supplied by the composition root so the server stays ignorant of the engine.
 * Its `status` ("ok", "degraded", "starting") replaces the default "ok"; `/healthz` is 200 either way
 * (it answers "is the process alive?"), the body says how well it works.
 */
export type HealthProbe = () => Record<string, unknown>;

/** Whether the server can take questions now: `/readyz` is 200 when ready, else 503 with the reason. */
export type ReadinessProbe = () => { ready: boolean; reason?: string; [field: string]: unknown };

/**
 * A shape check for the parsed body of one route, run before the route's handler. Returns a
 * human-readable problem (answered with 400) or `undefined` when the body is acceptable.
 */
export interface BodyRule {
  /** Route path as mounted, e.g. `/api/messages`. */
  path: string;
  /** Media types accepted on this path (narrower than {@link ACCEPTED_MEDIA_TYPES}); any of those when absent. */
  mediaTypes?: string[];
  check?: (body: unknown) => string | undefined;
  /**
   * Runs before the body is read (headers only: a missing token, a stale signature timestamp), so an
   * unauthenticated caller cannot make the server read or parse a large body.
   */
  precheck?: (req: restify.Request) => Rejection | undefined;
}

/** Media types a request body may have anywhere on this server (JSON for Bot Framework, forms for Slack). */
export const ACCEPTED_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Optional activity fields and the JSON type the Bot Framework schema gives them. */
const ACTIVITY_FIELDS: [field: string, type: 'string' | 'array' | 'object', get: (a: Record<string, unknown>) => unknown][] = [
  ['id', 'string', (a) => a.id],
  ['text', 'string', (a) => a.text],
  ['locale', 'string', (a) => a.locale],
  ['channelId', 'string', (a) => a.channelId],
  ['replyToId', 'string', (a) => a.replyToId],
  ['conversation.conversationType', 'string', (a) => (a.conversation as Record<string, unknown>).conversationType],
  ['from', 'object', (a) => a.from],
  ['recipient', 'object', (a) => a.recipient],
  ['entities', 'array', (a) => a.entities],
  ['attachments', 'array', (a) => a.attachments],
  ['membersAdded', 'array', (a) => a.membersAdded],
  ['membersRemoved', 'array', (a) => a.membersRemoved],
];

/**
 * The minimum every Bot Framework activity has, and the types of the fields botbuilder and the Teams
 * handler read. Without `type` botbuilder throws (a 500); without `conversation.id` or `serviceUrl` the
 * turn fails while replying (for `serviceUrl`, the connector client even falls back to the public Bot
 * Framework host); a non-string `text` or `locale`, or non-array `entities`, fails the turn or the
 * reply's serialisation. Such a request is rejected up front with a message naming the field.
 */
export function checkActivity(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a Bot Framework activity (a JSON object)';
  if (typeof body.type !== 'string' || body.type.trim() === '') return 'activity.type is required';
  if (!isObject(body.conversation) || typeof body.conversation.id !== 'string' || body.conversation.id === '') {
    return 'activity.conversation.id is required';
  }
  if (typeof body.serviceUrl !== 'string' || !/^https?:\/\/[^\s/]+/i.test(body.serviceUrl)) return 'activity.serviceUrl must be an http(s) URL';
  for (const [field, type, get] of ACTIVITY_FIELDS) {
    const v = get(body);
    if (v === undefined || v === null) continue;
    const ok = type === 'string' ? typeof v === 'string' : type === 'array' ? Array.isArray(v) && v.every(isObject) : isObject(v);
    if (!ok) return `activity.${field} must be ${type === 'string' ? 'a string' : type === 'array' ? 'an array of objects' : 'an object'}`;
  }
  return undefined;
}

/** Default rules: the Bot Framework endpoint takes JSON activities only. */
export const DEFAULT_BODY_RULES: BodyRule[] = [{ path: '/api/messages', mediaTypes: ['application/json'], check: checkActivity }];

export interface BuildServerOptions {
  plugins: ServerPlugin[];
  health: HealthProbe;
  /** Absent: always ready. */
  readiness?: ReadinessProbe;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** Per-route media types and body shape checks (default {@link DEFAULT_BODY_RULES}). */
  bodyRules?: BodyRule[];
  /** Where server-level errors are reported (never the request body or secrets). */
  log?: Logger;
  /** Where refused requests are counted (default: a summary on `log`). */
  rejections?: RejectionSummary;
  /** Which proxies may name the client in `X-Forwarded-For` (default: none, the TCP peer is the client). */
  trustProxy?: TrustProxy;
}

/** Error bodies keep restify's shape, `{ code, message }`, so every 4xx/5xx of this server looks alike. */
function reject(res: restify.Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.json(status, { ...extra, code, message });
}

/** The matched route's path (so `/api/messages/` finds the rule of `/api/messages`). */
function routePath(req: restify.Request): string {
  const route = req.getRoute?.() as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? route.path : req.path();
}

/**
 * Builds the restify server with every plugin mounted. Does not listen: the caller decides the port,
 * so tests can use port 0 and the bench can run several servers.
 *
 * Hostile or broken requests get a 4xx with a JSON `{ code, message }` body, in this order, each before
 * anything more expensive: any `Content-Encoding` but identity 415 (before routing); a failed
 * {@link BodyRule.precheck} (missing credentials) its own 4xx; a declared length over the limit 413; a
 * media type other than JSON or a form 415; then the body is read with the limit counted while it
 * streams (413), bad JSON 400, and a body that breaks a {@link BodyRule} 400. Refusals are counted in a
 * {@link RejectionSummary}, not logged one by one. A 5xx never carries the internal error message: it is
 * logged with a reference id instead.
 */
export function buildServer(options: BuildServerOptions): restify.Server {
  const log = options.log ?? lineLogger((line) => process.stderr.write(line + '\n'));
  const rejections = options.rejections ?? createRejectionSummary({ log, surface: 'http' });
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const rules = new Map<string, BodyRule>();
  for (const rule of [...(options.bodyRules ?? DEFAULT_BODY_RULES), ...options.plugins.flatMap((p) => p.bodyRules ?? [])]) {
    rules.set(rule.path, { ...rules.get(rule.path), ...rule });
  }
  const server = restify.createServer({ name: 'privacy-bot', handleUncaughtExceptions: false });
  const client = clientAddress;

  // First of all: every later step that counts or logs per client reads the address resolved here.
  installClientAddress(server, options.trustProxy);
  // Before routing: even GET /healthz and unknown paths never inflate a body.
  server.pre(refuseEncodedBodies((req) => rejections.record('content_encoding', client(req))));

  // After routing (unknown paths are 404 first), cheapest first, and all before the body is read. The
  // body is never read after a refusal, so the connection is closed rather than drained.
  server.use((req: restify.Request, res: restify.Response, next: restify.Next) => {
    const rule = rules.get(routePath(req));
    const refused = rule?.precheck?.(req);
    if (refused) {
      rejections.record(refused.reason, client(req));
      for (const [name, value] of Object.entries(refused.headers ?? {})) res.header(name, value);
      if (hasBody(req)) res.header('Connection', 'close');
      reject(res, refused.status, refused.code, refused.message, refused.extra);
      return next(false);
    }
    if (!hasBody(req)) return next();
    if (declaredTooLarge(req, maxBodyBytes)) {
      res.header('Connection', 'close');
      reject(res, 413, 'PayloadTooLarge', `the request body is larger than ${maxBodyBytes} bytes`);
      return next(false);
    }
    const type = mediaType(req);
    const accepted = rule?.mediaTypes ?? ACCEPTED_MEDIA_TYPES;
    if (!accepted.includes(type)) {
      res.header('Connection', 'close');
      reject(res, 415, 'UnsupportedMediaType', `${type ? `Content-Type ${type} is not accepted` : 'Content-Type is missing'} on ${req.path()}; send ${accepted.join(' or ')}`);
      return next(false);
    }
    return next();
  });
  server.use(readBody(maxBodyBytes));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use((req: restify.Request, res: restify.Response, next: restify.Next) => {
    const problem = rules.get(routePath(req))?.check?.(req.body);
    if (problem === undefined) return next();
    reject(res, 400, 'InvalidContent', problem);
    return next(false);
  });

  // restify 11 rejects non-async handlers without a `next` parameter at registration time.
  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.header('Cache-Control', 'no-store');
    res.json(200, { status: 'ok', ...options.health() });
    return next();
  });
  server.get('/readyz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    const { ready, ...rest } = options.readiness?.() ?? { ready: true };
    res.header('Cache-Control', 'no-store');
    // 503 makes a load balancer or Kubernetes hold traffic back while the index loads.
    if (!ready) res.header('Retry-After', '1');
    res.json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...rest });
    return next();
  });
  for (const plugin of options.plugins) plugin.mount(server);

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) {
      const reference = randomUUID();
      log.error({ reference, method: req.method, path: req.path(), status, err: err.message }, 'server error');
      // The internal message (a stack detail, a path) stays in the log; the client gets the reference.
      // Sending here makes restify skip its own response, which would echo the message.
      const code = (err as { body?: { code?: unknown } }).body?.code;
      if (!res.headersSent) reject(res, status, typeof code === 'string' ? code : 'Internal', `internal error (reference ${reference})`);
    }
    return cb();
  });
  return server;
}
