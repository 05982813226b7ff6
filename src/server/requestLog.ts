/**
 * Per-request logging for the restify server: every request gets an id (a caller's well-formed
 * `X-Request-Id`, else a new UUID), sent back as `X-Request-Id`, and one completion line with the method,
 * the route, the status, the latency and the client address ({@link clientAddress}: the TCP peer, or the
 * forwarded client behind a trusted proxy) when the response is finished (or the client went away).
 *
 * The level follows what an operator needs to see: a 5xx is `warn` (the handler's own `error` line says
 * why); a 4xx is `debug`, because anyone can send them in bulk and the refusals are already counted by
 * the rejection summary (`rejected request`, at most a line or two per interval), so a flood cannot grow
 * the log; a success is `debug` on the hot paths (the chat endpoints and the probes, one line per message
 * or probe) and `info` elsewhere. No query string, header or body is logged (the client address is a
 * validated, canonical IP address, never header text).
 */
import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import type { Logger, LogLevel } from '../core/logger';
import { clientAddress } from './clientAddress';

/** Routes whose successful requests are logged at `debug` (they are the bulk of the traffic). */
export const HOT_PATHS = new Set(['/api/messages', '/slack/events', '/healthz', '/readyz']);

/** A caller's request id is kept only when it looks like one (so it cannot inject text into the log). */
const CALLER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

const loggers = new WeakMap<restify.Request, Logger>();

/** The request's logger (bound to its `requestId`), or `fallback` outside {@link installRequestLog}. */
export function requestLogger(req: restify.Request, fallback: Logger): Logger {
  return loggers.get(req) ?? fallback;
}

/** The level of a completion line. */
export function completionLevel(status: number, route: string): LogLevel {
  if (status >= 500) return 'warn';
  if (status >= 400) return 'debug';
  return HOT_PATHS.has(route) ? 'debug' : 'info';
}

/** Adds the request id and the completion line to `server` (call before it listens). */
export function installRequestLog(server: restify.Server, log: Logger, now: () => number = () => performance.now()): void {
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    const started = now();
    const offered = req.header('x-request-id');
    const requestId = offered && CALLER_ID.test(offered) ? offered : randomUUID();
    const reqLog = log.child({ requestId });
    loggers.set(req, reqLog);
    // restify and its plugins log through req.log/res.log: give them ours (levels as labels, no headers).
    const forRestify = restifyLogger(reqLog);
    (req as unknown as { log: unknown }).log = forRestify;
    (res as unknown as { log: unknown }).log = forRestify;
    res.setHeader('X-Request-Id', requestId);
    let logged = false;
    const complete = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const route = routeOf(req);
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      const fields = { method: req.method, route, status, client: clientAddress(req), ms: Math.round((now() - started) * 10) / 10, ...(aborted ? { aborted: true } : {}) };
      reqLog[completionLevel(status, route)](fields, 'request');
    };
    res.once('finish', () => complete(false));
    res.once('close', () => complete(!res.writableFinished));
    return next();
  });
}

/** The bunyan/pino-style logger restify expects (`trace()` with no arguments asks whether trace is on). */
interface RestifyStyleLogger {
  trace(...args: unknown[]): boolean;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
  child(bindings: Record<string, unknown>): RestifyStyleLogger;
}

/** Adapts our {@link Logger} for restify: trace is off, fatal is error, `(fields?, message)` arguments. */
function restifyLogger(log: Logger): RestifyStyleLogger {
  const at = (level: LogLevel) => (...args: unknown[]): void => {
    const [first, second] = args;
    const hasFields = typeof first === 'object' && first !== null;
    log[level](hasFields ? (first as Record<string, unknown>) : {}, String((hasFields ? second : first) ?? 'restify'));
  };
  return {
    trace: () => false,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('error'),
    child: (bindings) => restifyLogger(log.child(bindings)),
  };
}

/** The matched route's path, or the request path for unmatched requests (then `(unmatched)` if it is long). */
function routeOf(req: restify.Request): string {
  const route = req.getRoute?.() as { path?: unknown } | undefined;
  if (typeof route?.path === 'string') return route.path;
  const path = (req.url ?? '').split('?')[0];
  return path.length <= 100 && /^[\x21-\x7e]*$/.test(path) ? path : '(unmatched)';
}
