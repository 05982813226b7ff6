/**
 * A Bolt {@link Receiver} that serves Slack's HTTP deliveries on a route of the shared restify
 * server. The server is owned by the composition root, so `start()`/`stop()` do nothing.
 *
 * Per request: verify the signature on the raw body → parse (JSON or form, with `payload` JSON for
 * interactivity) → answer `url_verification` → drop repeated event ids → hand a {@link ReceiverEvent}
 * to `app.processEvent` with an `ack` that writes the HTTP response exactly once.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/logger';
import type * as restify from 'restify';
import type { BodyRule, Rejection } from '../../server/buildServer';
import { clientAddress } from '../../server/clientAddress';
import { createRejectionSummary, type RejectionSummary } from '../../server/rejectionSummary';

/** Event ids already taken: a local {@link TtlSet} or one shared by every replica (src/state/dedup.ts). */
export interface EventIdSet {
  /** True only for the first delivery of `id`. */
  addIfNew(id: string): boolean | Promise<boolean>;
}

/** Options of {@link RestifyReceiver}. */
export interface RestifyReceiverOptions {
  signingSecret: string;
  /** Route path; Slack's Event Subscriptions, Interactivity and slash command URLs all point here. */
  path?: string;
  /** Event ids already handled (shared so a retry of a processed event is acked without work). */
  seenEventIds: EventIdSet;
  /** After this long without an ack the request gets `200` with an empty body, so Slack does not retry. */
  ackTimeoutMs?: number;
  /** Largest accepted clock skew between Slack's timestamp and ours, in seconds. */
  maxSkewSeconds?: number;
  log: Logger;
  /** Where refused deliveries are counted (default: a summary on `log`). */
  rejections?: RejectionSummary;
  /** Clock, injectable for tests. */
  now?: () => number;
}

type Body = Record<string, unknown>;

/** Serves Bolt on `POST <path>` of a restify server. */
export class RestifyReceiver implements Receiver {
  private app: App | undefined;
  private readonly path: string;
  private readonly ackTimeoutMs: number;
  private readonly maxSkewSeconds: number;
  private readonly now: () => number;
  private readonly rejections: RejectionSummary;

  constructor(private readonly options: RestifyReceiverOptions) {
    this.path = options.path ?? '/slack/events';
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2500;
    this.maxSkewSeconds = options.maxSkewSeconds ?? 300;
    this.now = options.now ?? Date.now;
    this.rejections = options.rejections ?? createRejectionSummary({ log: options.log, surface: 'slack' });
  }

  /**
   * The pre-body check of the route: a delivery without both signature headers, or with a timestamp
   * that is malformed or more than `maxSkewSeconds` away, is refused before its body is read.
   */
  bodyRules(): BodyRule[] {
    return [{ path: this.path, precheck: (req) => this.precheck(req) }];
  }

  private precheck(req: restify.Request): Rejection | undefined {
    const problem = signatureHeaderProblem(req.header('x-slack-signature'), req.header('x-slack-request-timestamp'), this.now(), this.maxSkewSeconds);
    return problem ? { status: 401, code: 'Unauthorized', message: `not a signed Slack request (${problem})`, reason: problem, extra: { ok: false, error: problem } } : undefined;
  }

  /** Called by Bolt's `App` constructor. */
  init(app: App): void {
    this.app = app;
  }

  /** No-op: the restify server is started by its owner. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** No-op: the restify server is stopped by its owner. */
  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Adds the route to `server`. */
  mount(server: restify.Server): void {
    server.post(this.path, async (req: restify.Request, res: restify.Response) => {
      try {
        await this.handle(req, res);
      } catch (err) {
        // Defensive: handle() catches its own errors; never let one reach restify as a 500.
        this.options.log.error({ err: describe(err) }, 'slack: request failed');
        send(res, 200, undefined);
      }
    });
  }

  /** Handles one delivery; resolves once the HTTP response has been written. */
  private async handle(req: restify.Request, res: restify.Response): Promise<void> {
    const raw = rawBodyOf(req);
    const problem = this.verify(req, raw);
    if (problem) {
      this.rejections.record(problem, clientAddress(req));
      send(res, 401, { ok: false, error: problem });
      return;
    }

    let body: Body;
    try {
      body = parseBody(raw, String(req.header('content-type') ?? ''));
    } catch {
      send(res, 400, { ok: false, error: 'invalid_body' });
      return;
    }

    if (body.ssl_check !== undefined) return send(res, 200, undefined);
    if (body.type === 'url_verification') return send(res, 200, { challenge: String(body.challenge ?? '') });

    const retryNum = intHeader(req, 'x-slack-retry-num');
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId !== undefined && !(await this.options.seenEventIds.addIfNew(eventId))) {
      // A retry (or duplicate) of an event we already took: ack it, do not answer twice.
      this.options.log.info({ eventId, retry: retryNum ?? 0 }, 'slack: duplicate delivery acknowledged without processing');
      return send(res, 200, undefined);
    }

    const app = this.app;
    if (!app) {
      this.options.log.error({}, 'slack: receiver used before the app was initialised');
      return send(res, 200, undefined);
    }

    let done = false;
    let resolveResponded!: () => void;
    const responded = new Promise<void>((resolve) => (resolveResponded = resolve));
    const respondOnce = (status: number, payload: unknown): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      send(res, status, payload);
      resolveResponded();
      return true;
    };
    // Slack gives us 3 s; answer before that even if a listener is still busy.
    const timer = setTimeout(() => {
      if (respondOnce(200, undefined)) this.options.log.warn({}, 'slack: no ack within the deadline, answered 200 empty');
    }, this.ackTimeoutMs);

    const event: ReceiverEvent = {
      body,
      retryNum,
      retryReason: req.header('x-slack-retry-reason') || undefined,
      // Rejects when the response is already gone (deadline or double ack), so a listener can fall
      // back to response_url instead of losing its reply.
      ack: async (response?: unknown): Promise<void> => {
        if (!respondOnce(200, response)) throw new LateAckError();
      },
    };

    app
      .processEvent(event)
      .catch((err: unknown) => this.options.log.error({ err: describe(err) }, 'slack: processing failed'))
      .finally(() => {
        // Nothing acked (no listener matched, or it failed before acking): answer now instead of waiting.
        respondOnce(200, undefined);
      });
    await responded;
  }

  /** Returns a short error code when the request is not a genuine, fresh Slack request. */
  private verify(req: restify.Request, raw: string): string | undefined {
    const signature = req.header('x-slack-signature');
    const timestamp = req.header('x-slack-request-timestamp');
    const nowMs = this.now();
    const headerProblem = signatureHeaderProblem(signature, timestamp, nowMs, this.maxSkewSeconds);
    if (headerProblem || !signature || !timestamp) return headerProblem ?? 'missing_signature';
    const ts = Number(timestamp);
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
        nowMilliseconds: nowMs,
      });
    } catch {
      return 'invalid_signature';
    }
    return undefined;
  }
}

/**
 * What is wrong with the signature headers alone (no body needed): `missing_signature`,
 * `invalid_timestamp` or `stale_timestamp`; `undefined` when they are present and fresh.
 */
export function signatureHeaderProblem(signature: string | undefined, timestamp: string | undefined, nowMs: number, maxSkewSeconds: number): string | undefined {
  if (!signature || !timestamp) return 'missing_signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'invalid_timestamp';
  // Bolt only rejects old timestamps; also reject ones far in the future.
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return 'stale_timestamp';
  return undefined;
}

/** Thrown by `ack` when the HTTP response was already sent (ack deadline passed, or a second ack). */
export class LateAckError extends Error {
  constructor() {
    super('ack after the HTTP response was sent');
    this.name = 'LateAckError';
  }
}

/** The raw request body as restify's bodyReader kept it. */
function rawBodyOf(req: restify.Request): string {
  const r = req as restify.Request & { rawBody?: unknown };
  const raw = r.rawBody ?? (typeof req.body === 'string' ? req.body : undefined);
  if (typeof raw === 'string') return raw;
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  return '';
}

/**
 * Parses the verified raw body ourselves (rather than trusting restify's parse) so the object Bolt sees
 * is exactly what was signed. Form bodies with a `payload` field are interactivity: that is JSON.
 */
export function parseBody(raw: string, contentType: string): Body {
  if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(raw);
    const payload = params.get('payload');
    if (payload !== null) return asObject(JSON.parse(payload));
    return Object.fromEntries(params.entries());
  }
  return asObject(JSON.parse(raw));
}

function asObject(v: unknown): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('body is not an object');
  return v as Body;
}

function intHeader(req: restify.Request, name: string): number | undefined {
  const v = req.header(name);
  if (!v) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** Writes the response: nothing for `undefined`, text for strings, JSON otherwise. */
function send(res: restify.Response, status: number, payload: unknown): void {
  if (res.headersSent) return;
  if (payload === undefined || payload === '') {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
    return;
  }
  const isText = typeof payload === 'string';
  const text = isText ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
