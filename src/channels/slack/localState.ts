/**
 * The Slack plugin's state in one process: bounded in-memory stores (the oldest entries are evicted
 * first). With several replicas `src/state/` provides the same shape on Redis.
 */
import { MemoryClaimStore } from '../../bot/claimStore';
import type { SlackPluginOptions, CachedAnswer } from './slackPlugin';
import { TtlCache } from '../../bot/ttlCache';
import { TtlSet } from './retryDedup';

/** One process: bounded in-memory stores (the oldest entries are evicted first). */
export function localState(): NonNullable<SlackPluginOptions['shared']> {
  const answers = new TtlCache<CachedAnswer>({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 2000 });
  return {
    eventIds: new TtlSet({ ttlMs: 60 * 60 * 1000, maxEntries: 20_000 }),
    answers: { set: async (key, value) => answers.set(key, value), get: async (key) => answers.get(key) },
    // Messages (1 h) and votes (24 h): 20,000 of each, as when each TTL had its own set.
    claims: new MemoryClaimStore({ maxEntries: 40_000 }),
  };
}
