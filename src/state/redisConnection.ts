/**
 * The one Redis connection of a replica (plus a second one for pub/sub, which Redis reserves for
 * subscriptions). Built so that a down or hung Redis never holds a request:
 * - no offline queue: a command sent while disconnected fails at once instead of waiting;
 * - a command timeout bounds a Redis that accepts connections but does not answer;
 * - reconnects back off exponentially up to a bound, for ever (a later recovery is picked up).
 * Every caller that falls back to local state reports it through {@link RedisConnection.fallback},
 * which logs once per outage and per kind of fallback, not once per request.
 */
import Redis from 'ioredis';
import type { Logger } from '../core/logger';

/** Connection settings (from `Config.redis`). */
export interface RedisConnectionOptions {
  url: string;
  /** Longest wait for one command's reply, in ms (default 500). */
  commandTimeoutMs?: number;
  /** After a command timed out, how long callers use their fallback without trying Redis, in ms (default 5000). */
  skipAfterTimeoutMs?: number;
  /** Longest pause between reconnect attempts, in ms (default 2000). */
  maxReconnectDelayMs?: number;
  log: Logger;
}

/** What `/healthz` shows about Redis. */
export interface RedisStatus {
  /** `up` when commands can be sent now. */
  state: 'up' | 'down';
  /** ISO time of the last change of `state`. */
  since: string;
  /** Outages seen since start. */
  outages: number;
}

/** A replica's Redis connection. */
export interface RedisConnection {
  /** For commands. Fails fast while Redis is down (callers fall back). */
  readonly client: Redis;
  /** A dedicated connection for SUBSCRIBE (created on first use). */
  subscriber(): Redis;
  status(): RedisStatus;
  /** True when commands can be sent now. */
  isUp(): boolean;
  /** Logs one warning per outage for `what` (e.g. `dedup`): "Redis unavailable, using the local fallback". */
  fallback(what: string, err: unknown): void;
  /** Calls `listener` each time the connection becomes ready (again). */
  onReady(listener: () => void): void;
  close(): Promise<void>;
}

/** The reconnect delay after `attempt` failed attempts: 100 ms doubling, capped at `max`, with some jitter. */
export function reconnectDelay(attempt: number, max: number): number {
  const base = Math.min(100 * 2 ** Math.min(attempt, 16), max);
  return Math.round(base * (0.8 + Math.random() * 0.2));
}

/** The ioredis options both connections share. */
function clientOptions(o: RedisConnectionOptions, offlineQueue: boolean) {
  const max = o.maxReconnectDelayMs ?? 2000;
  return {
    enableOfflineQueue: offlineQueue,
    commandTimeout: o.commandTimeoutMs ?? 500,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    // Resolves the host again on each attempt; never gives up (null would stop reconnecting).
    retryStrategy: (times: number) => reconnectDelay(times, max),
    lazyConnect: false,
  };
}

/** Describes an error without anything that could hold a secret (the URL with a password). */
export function describeRedisError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message.replace(/redis(s)?:\/\/[^\s]*/gi, 'redis://…') : String(err);
  return code ? `${code} ${message}` : message.slice(0, 300);
}

/** Opens the connection (in the background: this never waits for Redis). */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const { log } = options;
  const client = new Redis(options.url, clientOptions(options, false));
  let sub: Redis | undefined;
  let state: RedisStatus['state'] = 'down';
  let since = new Date().toISOString();
  let outages = 0;
  let everUp = false;
  const warned = new Set<string>();
  // A Redis that accepts connections but does not answer: after one timed-out command, callers skip it
  // for a while instead of each waiting for the timeout.
  let skipUntil = 0;
  const readyListeners: (() => void)[] = [];

  client.on('ready', () => {
    state = 'up';
    since = new Date().toISOString();
    warned.clear();
    log.info({ outages, recovered: everUp }, everUp ? 'redis: connected again' : 'redis: connected');
    everUp = true;
    for (const l of readyListeners) {
      try {
        l();
      } catch (err) {
        log.warn({ err: describeRedisError(err) }, 'redis: ready listener failed');
      }
    }
  });
  const down = (err?: unknown) => {
    if (state === 'down') {
      if (!everUp && !warned.has('connect')) {
        warned.add('connect');
        log.warn({ err: err === undefined ? undefined : describeRedisError(err) }, 'redis: not reachable yet, running on local state');
      }
      return;
    }
    state = 'down';
    since = new Date().toISOString();
    outages += 1;
    log.warn({ err: err === undefined ? undefined : describeRedisError(err) }, 'redis: connection lost, running on local state until it is back');
  };
  // Without an 'error' listener ioredis prints every failed attempt to the console.
  client.on('error', (err) => down(err));
  client.on('close', () => down());
  client.on('end', () => down());

  return {
    client,
    subscriber() {
      if (!sub) {
        // Subscriptions are queued until connected and renewed after a reconnect; polling covers the gap.
        sub = new Redis(options.url, clientOptions(options, true));
        sub.on('error', () => undefined); // Reported once through the command connection.
      }
      return sub;
    },
    // Skipped after a timeout counts as down: /healthz then says degraded.
    status: () => ({ state: state === 'up' && Date.now() >= skipUntil ? 'up' : 'down', since, outages }),
    isUp: () => state === 'up' && client.status === 'ready' && Date.now() >= skipUntil,
    fallback(what, err) {
      if (/timed out/i.test((err as Error)?.message ?? '')) skipUntil = Date.now() + (options.skipAfterTimeoutMs ?? 5000);
      if (warned.has(what)) return;
      warned.add(what);
      log.warn({ what, err: describeRedisError(err) }, 'redis: unavailable, using the local fallback');
    },
    onReady(listener) {
      readyListeners.push(listener);
    },
    async close() {
      const quit = async (r: Redis) => {
        try {
          await r.quit();
        } catch {
          r.disconnect();
        }
      };
      await Promise.all([quit(client), ...(sub ? [quit(sub)] : [])]);
    },
  };
}
