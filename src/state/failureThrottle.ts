/**
 * Failure throttling shared by every replica (wrong admin tokens, per client): a fixed window per key.
 * Redis: `INCR` + `PEXPIRE` on the first failure of a window, in one Lua script so the counter never
 * lives without its expiry. While Redis is down each replica counts locally (a bounded map).
 */
import type { FailureThrottle, ThrottleState } from '../server/failureThrottle';
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** Limits of a throttle. */
export interface ThrottleOptions {
  /** Failures allowed within one window before the key is blocked for the rest of it. */
  maxFailures: number;
  windowMs: number;
  /** Keys counted locally (default 10,000; the oldest window is dropped first). */
  maxLocalKeys?: number;
  now?: () => number;
}

const verdict = (count: number, ttlMs: number, max: number): ThrottleState =>
  count >= max && ttlMs > 0 ? { blocked: true, retryAfterS: Math.max(1, Math.ceil(ttlMs / 1000)) } : { blocked: false, retryAfterS: 0 };

/** A throttle for one process. */
export function createLocalThrottle(o: ThrottleOptions): FailureThrottle {
  const now = o.now ?? Date.now;
  const windows = new Map<string, { count: number; ends: number }>();
  const live = (key: string) => {
    const w = windows.get(key);
    if (w && w.ends <= now()) windows.delete(key);
    return windows.get(key);
  };
  return {
    fail(key) {
      let w = live(key);
      if (!w) {
        windows.set(key, (w = { count: 0, ends: now() + o.windowMs }));
        for (const k of windows.keys()) {
          if (windows.size <= (o.maxLocalKeys ?? 10_000)) break;
          windows.delete(k);
        }
      }
      w.count += 1;
      return Promise.resolve(verdict(w.count, w.ends - now(), o.maxFailures));
    },
    blocked(key) {
      const w = live(key);
      return Promise.resolve(w ? verdict(w.count, w.ends - now(), o.maxFailures) : { blocked: false, retryAfterS: 0 });
    },
  };
}

/** INCR, set the window on the first failure, and return the count with the time left. */
const FAIL_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/** A throttle shared through Redis, counting locally while it is down. */
export function createRedisThrottle(conn: RedisConnection, keys: KeyLayout, scope: string, o: ThrottleOptions): FailureThrottle {
  const local = createLocalThrottle(o);
  const what = `throttle:${scope}`;
  return {
    async fail(key) {
      if (!conn.isUp()) {
        conn.fallback(what, new Error('not connected'));
        return local.fail(key);
      }
      try {
        const [count, ttl] = (await conn.client.eval(FAIL_SCRIPT, 1, keys.throttle(scope, key), o.windowMs)) as [number, number];
        return verdict(count, ttl, o.maxFailures);
      } catch (err) {
        conn.fallback(what, err);
        return local.fail(key);
      }
    },
    async blocked(key) {
      if (!conn.isUp()) {
        conn.fallback(what, new Error('not connected'));
        return local.blocked(key);
      }
      try {
        const k = keys.throttle(scope, key);
        const [[, count], [, ttl]] = (await conn.client.multi().get(k).pttl(k).exec()) as [[null, string | null], [null, number]];
        return verdict(Number(count ?? 0), ttl, o.maxFailures);
      } catch (err) {
        conn.fallback(what, err);
        return local.blocked(key);
      }
    },
  };
}
