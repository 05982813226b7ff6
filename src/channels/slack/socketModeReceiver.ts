/**
 * A Bolt {@link Receiver} for Slack's Socket Mode: the bot opens a WebSocket to Slack
 * (`apps.connections.open` with the app-level token, then the URL it returns) instead of receiving
 * HTTP requests, so it needs no public address and no signing secret.
 *
 * Each envelope (`events_api`, `slash_commands`, `interactive`) becomes the same {@link ReceiverEvent}
 * the HTTP receiver produces, so the app's listeners do not know which transport carried it; the ack is
 * sent back on the socket with the envelope id (and, for slash commands, the reply as its payload).
 *
 * Reconnects are ours, not the SDK's (its own ones wait longer after every failure without limit): the
 * delay doubles from `minDelayMs` up to `maxDelayMs`, with jitter, and every attempt is logged. An
 * authentication error (a revoked or wrong token) stops retrying, since retrying cannot fix it.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient, UnrecoverableSocketModeStartError } from '@slack/socket-mode';
import type { Logger } from '../../core/logger';
import { LateAckError, type EventIdSet } from './restifyReceiver';
import { describeError, slackSdkLogger } from './slackSdkLogger';
import { settleWithin } from './settleWithin';

/** Reconnect policy. */
export interface ReconnectPolicy {
  /** First delay after a failure (default 1000 ms). */
  minDelayMs?: number;
  /** Largest delay between attempts (default 30 000 ms). */
  maxDelayMs?: number;
  /** Give up after this many consecutive failed attempts (default: never, except on auth errors). */
  maxAttempts?: number;
}

/** Options of {@link SocketModeReceiver}. */
export interface SocketModeReceiverOptions {
  /** App-level token (`xapp-…`) with the `connections:write` scope. */
  appToken: string;
  /** Web API base URL for `apps.connections.open` (tests point it at a fake); Slack's when absent. */
  apiUrl?: string;
  /** Event ids already handled, shared with the app (Slack redelivers an unacked event). */
  seenEventIds: EventIdSet;
  /** An envelope not acked within this long gets an empty ack, so Slack does not redeliver (default 2500 ms). */
  ackTimeoutMs?: number;
  /** How long to wait for Slack's `hello` after opening the socket (default 15 000 ms). */
  helloTimeoutMs?: number;
  /** The connection is dropped and reopened when our ping gets no pong this long (default 5000 ms). */
  clientPingTimeoutMs?: number;
  /** ...or when Slack sends no ping for this long (default 30 000 ms). */
  serverPingTimeoutMs?: number;
  reconnect?: ReconnectPolicy;
  log: Logger;
}

/** Platform errors after which a retry cannot succeed. */
const UNRECOVERABLE = new Set<string>(Object.values(UnrecoverableSocketModeStartError));

/** The delay before reconnect attempt `attempt` (1-based): doubling, capped, with ±20 % jitter. */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy = {}, random: () => number = Math.random): number {
  const min = policy.minDelayMs ?? 1000;
  const max = policy.maxDelayMs ?? 30_000;
  const base = Math.min(max, min * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(Math.min(max, base * (0.8 + 0.4 * random())));
}

/** Receives Slack deliveries over a Socket Mode WebSocket. */
export class SocketModeReceiver implements Receiver {
  private app: App | undefined;
  private readonly client: SocketModeClient;
  private readonly log: Logger;
  private stopped = true;
  private connected = false;
  private connecting: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SocketModeReceiverOptions) {
    this.log = options.log.child({ transport: 'socket' });
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: slackSdkLogger(this.log, 'socket-mode'),
      // Reconnecting is done by connectLoop, with a bounded delay and a log line per attempt.
      autoReconnectEnabled: false,
      clientPingTimeout: options.clientPingTimeoutMs ?? 5000,
      serverPingTimeout: options.serverPingTimeoutMs ?? 30_000,
      clientOptions: {
        ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : options.apiUrl + '/' } : {}),
        retryConfig: { retries: 0 },
        timeout: 10_000,
      },
    });
    this.client.on('slack_event', (envelope: Envelope) => void this.onEnvelope(envelope));
    this.client.on('disconnected', () => {
      if (!this.connected) return; // a failed attempt: connectLoop handles it
      this.connected = false;
      if (this.stopped) return;
      this.log.warn({}, 'slack socket mode: disconnected, reconnecting');
      void this.ensureConnecting();
    });
  }

  /** Called by Bolt's `App` constructor. */
  init(app: App): void {
    this.app = app;
  }

  /**
   * Opens the connection; resolves once Slack said `hello`. Failures are retried in the background
   * (logged); the promise rejects only when retrying stops (auth error, `maxAttempts`, or `stop()`).
   */
  start(): Promise<void> {
    this.stopped = false;
    return this.ensureConnecting();
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (!this.connected && !this.connecting) return;
    this.connected = false;
    await withTimeout(this.client.disconnect(), 2000).catch(() => undefined);
  }

  /** Nothing to mount: no HTTP route in Socket Mode. */
  mount(): void {
    return undefined;
  }

  private ensureConnecting(): Promise<void> {
    this.connecting ??= this.connectLoop().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connectLoop(): Promise<void> {
    const policy = this.options.reconnect ?? {};
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) throw new Error('socket mode receiver stopped');
      try {
        await withTimeout(this.client.start(), this.options.helloTimeoutMs ?? 15_000);
        if (this.stopped) {
          await withTimeout(this.client.disconnect(), 2000).catch(() => undefined);
          throw new Error('socket mode receiver stopped');
        }
        this.connected = true;
        this.log.info({ attempt }, 'slack socket mode: connected');
        return;
      } catch (caught) {
        // A socket that closes before `hello` rejects with nothing; a hello timeout leaves it open.
        const err = caught ?? new Error('the connection closed before hello');
        await withTimeout(this.client.disconnect(), 2000).catch(() => undefined);
        if (this.stopped) throw err;
        const code = platformError(err);
        if (code && UNRECOVERABLE.has(code)) {
          this.log.error({ error: code }, 'slack socket mode: the app token was refused, not retrying');
          throw err;
        }
        if (policy.maxAttempts !== undefined && attempt >= policy.maxAttempts) {
          this.log.error({ attempts: attempt, err: describeError(err) }, 'slack socket mode: giving up after repeated failures');
          throw err;
        }
        const delayMs = reconnectDelay(attempt, policy);
        this.log.warn({ attempt, delayMs, err: code ?? describeError(err) }, 'slack socket mode: connection failed, retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
        this.wake = undefined;
      }
    }
  }

  /** One envelope → one ReceiverEvent, acked on the socket exactly once. */
  private async onEnvelope(envelope: Envelope): Promise<void> {
    const body = isObject(envelope.body) ? envelope.body : {};
    const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
    const log = this.log.child({ envelopeId: envelope.envelope_id, ...(eventId ? { eventId } : {}) });
    let acked = false;
    const ackOnce = async (response?: unknown): Promise<boolean> => {
      if (acked) return false;
      acked = true;
      clearTimeout(timer);
      try {
        await envelope.ack(isObject(response) ? response : undefined);
      } catch (err) {
        log.warn({ err: describeError(err) }, 'slack socket mode: ack not sent');
        throw err;
      }
      return true;
    };
    const ackEmpty = () => ackOnce().catch(() => false);
    const timer = setTimeout(() => {
      void ackEmpty().then((sent) => sent && log.warn({}, 'slack: no ack within the deadline, answered 200 empty'));
    }, this.options.ackTimeoutMs ?? 2500);

    // The set may be shared (Redis): a failing look-up counts as new, since answering twice beats not at all.
    const isNew = eventId === undefined || (await Promise.resolve(this.options.seenEventIds.addIfNew(eventId)).catch(() => true));
    if (!isNew) {
      log.info({ retry: envelope.retry_num ?? 0 }, 'slack: duplicate delivery acknowledged without processing');
      void ackEmpty();
      return;
    }
    const app = this.app;
    if (!app) {
      log.error({}, 'slack: receiver used before the app was initialised');
      void ackEmpty();
      return;
    }
    log.debug({ type: envelope.type }, 'slack socket mode: envelope');
    const event: ReceiverEvent = {
      body,
      // Reaches the listeners as `context.envelopeId`, for their log lines.
      customProperties: { envelopeId: envelope.envelope_id },
      retryNum: envelope.retry_num,
      retryReason: envelope.retry_reason,
      // Rejects when already acked (deadline or a second ack), so the listener can use response_url.
      ack: async (response?: unknown): Promise<void> => {
        if (!(await ackOnce(response))) throw new LateAckError();
      },
    };
    app
      .processEvent(event)
      .catch((err: unknown) => log.error({ err: describeError(err) }, 'slack: processing failed'))
      .finally(() => void ackEmpty());
  }
}

/** What `@slack/socket-mode` emits as `slack_event`. */
interface Envelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id: string;
  type: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Web API error code (`invalid_auth`) of a failed `apps.connections.open`, if it was one. */
function platformError(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** The promise's value, or an error when it has not settled within `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  const settled = await settleWithin(promise, ms);
  if (!settled) throw new Error(`no answer within ${ms} ms`);
  return settled.value;
}
