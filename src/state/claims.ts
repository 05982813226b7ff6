/**
 * Claims shared by every replica: the Redis implementation of the bot's {@link ClaimStore} (one contract,
 * in src/bot/claimStore.ts). Used for Slack event ids and Teams activity ids (deduplication: answer a
 * delivery once), for one answer per Slack message and one vote per user, and for share-once.
 *
 * Redis: `SET key <token> NX PX ttl`, one atomic command; the token is random per claim. A release is a
 * compare-and-delete script (delete only while the key still holds our token), so a holder whose claim
 * expired and was taken by someone else cannot delete the new claim. Both are bounded by the connection's
 * command timeout.
 *
 * Each replica mirrors claims in a bounded local {@link MemoryClaimStore}: a repeat of its own claim is
 * refused without a round trip, and while Redis is down (or does not answer) it claims locally. That is
 * fail-open towards the fleet: a claim this replica has not seen is granted, so a repeat landing on another
 * replica during an outage may be answered twice (the degraded mode, logged once per outage), but nothing
 * is refused for ever and no request waits. Claims another replica holds are remembered only for that
 * outage fallback: while Redis is up they are asked again, since their holder may have released them.
 */
import { randomBytes } from 'node:crypto';
import { MemoryClaimStore, type ClaimStore } from '../bot/claimStore';
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** Deletes KEYS[1] only while it holds ARGV[1] (our token); 1 when deleted, 0 otherwise. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * The local mirror of a replica's shared claims (every namespace, one bound). 100,000 entries of ~200 B:
 * the capacity the two TTLs in use (1 h, 24 h) had before, as two sets of 50,000.
 */
export function createLocalClaims(): MemoryClaimStore {
  return new MemoryClaimStore({ maxEntries: 100_000 });
}

/** Claims in `namespace` shared through Redis, with `local` (shared by namespaces) as first check and as fallback. */
export function createRedisClaims(conn: RedisConnection, keys: KeyLayout, namespace: string, local = createLocalClaims()): ClaimStore {
  const what = `claims:${namespace}`;
  const localKey = (key: string) => `${namespace}:${key}`;
  return {
    async claim(key, ttlMs) {
      const id = localKey(key);
      const held = local.get(id);
      if (held && !held.theirs) return false; // Our own repeat: no round trip.
      if (!conn.isUp()) {
        conn.fallback(what, new Error('not connected'));
        return local.claimNow(id, ttlMs);
      }
      const token = randomBytes(16).toString('hex');
      try {
        const won = (await conn.client.set(keys.claim(namespace, key), token, 'PX', ttlMs, 'NX')) === 'OK';
        if (won) local.hold(id, ttlMs, token);
        else local.remember(id, ttlMs);
        return won;
      } catch (err) {
        conn.fallback(what, err);
        // A SET that timed out may still have been applied: keep its token so a release can undo it.
        return local.claimNow(id, ttlMs, token);
      }
    },
    async release(key) {
      const id = localKey(key);
      const held = local.get(id);
      if (!held || held.theirs) return; // Not ours: nothing to give back.
      local.forget(id);
      if (!held.token) return; // Claimed locally during an outage: nothing in Redis.
      if (!conn.isUp()) {
        // The shared claim then stays until its expiry; this replica already lets a retry in.
        conn.fallback(what, new Error('not connected'));
        return;
      }
      try {
        await conn.client.eval(RELEASE_SCRIPT, 1, keys.claim(namespace, key), held.token);
      } catch (err) {
        conn.fallback(what, err);
      }
    },
  };
}
