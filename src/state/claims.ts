/**
 * Claims: "the first one to claim this id within the TTL wins", across every replica. Used for Slack
 * event ids and Teams activity ids (deduplication: answer a delivery once), and for share-once.
 *
 * Redis: `SET key 1 NX PX ttl`, one atomic command. Each replica also keeps its own claims in a bounded
 * local set, so a repeat it has seen itself is refused without a round trip, and so that while Redis
 * is down it still refuses its own repeats (a repeat landing on another replica during an outage may
 * then be answered twice: that is the degraded mode, logged once per outage).
 */
import { TtlSet } from '../channels/slack/retryDedup';
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** Claims an id once. The interface the share-once and dedup callers use. */
export interface ClaimStore {
  /** Resolves true for the first claim of `key` within `ttlMs`, false for every later one. Never rejects. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** Local claims, bounded by size (the oldest are forgotten first). */
export class LocalClaims implements ClaimStore {
  private readonly sets = new Map<number, TtlSet>();

  constructor(private readonly maxEntries = 50_000, private readonly now: () => number = Date.now) {}

  /** Synchronous claim, for callers that cannot wait. */
  claimNow(key: string, ttlMs: number): boolean {
    let set = this.sets.get(ttlMs);
    if (!set) this.sets.set(ttlMs, (set = new TtlSet({ ttlMs, maxEntries: this.maxEntries, now: this.now })));
    return set.addIfNew(key);
  }

  /** Records `key` as claimed (by another replica) without asking. */
  remember(key: string, ttlMs: number): void {
    this.claimNow(key, ttlMs);
  }

  has(key: string, ttlMs: number): boolean {
    return this.sets.get(ttlMs)?.has(key) ?? false;
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.claimNow(key, ttlMs));
  }
}

/** Claims shared through Redis, with the local set as first check and as fallback. */
export function createRedisClaims(conn: RedisConnection, keys: KeyLayout, namespace: string, local = new LocalClaims()): ClaimStore {
  return {
    async claim(key, ttlMs) {
      if (local.has(key, ttlMs)) return false;
      if (!conn.isUp()) {
        conn.fallback(`claims:${namespace}`, new Error('not connected'));
        return local.claimNow(key, ttlMs);
      }
      try {
        const won = (await conn.client.set(keys.claim(namespace, key), '1', 'PX', ttlMs, 'NX')) === 'OK';
        // Remember either way: a repeat on this replica is then refused without Redis.
        local.remember(key, ttlMs);
        return won;
      } catch (err) {
        conn.fallback(`claims:${namespace}`, err);
        return local.claimNow(key, ttlMs);
      }
    },
  };
}
