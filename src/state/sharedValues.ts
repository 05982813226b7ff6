/**
 * Values remembered for a while and readable by every replica: the answer behind a Slack share or
 * feedback button, so a click that lands on another replica finds it (`SET key json PX ttl`).
 * Writes go to a bounded local cache too; reads fall back to it while Redis is down.
 */
import { TtlCache } from '../bot/ttlCache';
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** A key-value store with one TTL. Neither method rejects. */
export interface SharedValues<V> {
  set(key: string, value: V): Promise<void>;
  get(key: string): Promise<V | undefined>;
}

/** Options of {@link createRedisValues}. */
export interface SharedValuesOptions {
  namespace: string;
  ttlMs: number;
  /** Entries kept locally (default 2000). */
  maxLocal?: number;
  /** Largest JSON kept in Redis, in bytes (default 64 KiB); a larger value stays local. */
  maxBytes?: number;
}

/** Local only (one process). */
export function createLocalValues<V>(ttlMs: number, maxEntries = 2000): SharedValues<V> {
  const cache = new TtlCache<V>({ ttlMs, maxEntries });
  return {
    set: (key, value) => Promise.resolve(cache.set(key, value)),
    get: (key) => Promise.resolve(cache.get(key)),
  };
}

/** Shared through Redis, written through to a local cache. */
export function createRedisValues<V>(conn: RedisConnection, keys: KeyLayout, o: SharedValuesOptions): SharedValues<V> {
  const local = new TtlCache<V>({ ttlMs: o.ttlMs, maxEntries: o.maxLocal ?? 2000 });
  const what = `values:${o.namespace}`;
  return {
    async set(key, value) {
      local.set(key, value);
      let json: string;
      try {
        json = JSON.stringify(value);
      } catch {
        return;
      }
      if (Buffer.byteLength(json) > (o.maxBytes ?? 64 * 1024)) return;
      if (!conn.isUp()) return conn.fallback(what, new Error('not connected'));
      try {
        await conn.client.set(keys.value(o.namespace, key), json, 'PX', o.ttlMs);
      } catch (err) {
        conn.fallback(what, err);
      }
    },
    async get(key) {
      const mine = local.get(key);
      if (mine !== undefined) return mine;
      if (!conn.isUp()) {
        conn.fallback(what, new Error('not connected'));
        return undefined;
      }
      try {
        const json = await conn.client.get(keys.value(o.namespace, key));
        return json === null ? undefined : (JSON.parse(json) as V);
      } catch (err) {
        conn.fallback(what, err);
        return undefined;
      }
    },
  };
}
