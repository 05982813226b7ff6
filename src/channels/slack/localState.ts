/**
 * The Slack plugin's state in one process: bounded in-memory stores (the oldest entries are evicted
 * first). With several replicas `src/state/` provides the same shape on Redis.
 */
import type { SlackPluginOptions, CachedAnswer } from './slackPlugin';
import { TtlCache, TtlSet } from './retryDedup';

/** One process: bounded in-memory stores (the oldest entries are evicted first). */
export function localState(): NonNullable<SlackPluginOptions['shared']> {
  const answers = new TtlCache<CachedAnswer>({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 2000 });
  const sets = new Map<number, TtlSet>();
  return {
    eventIds: new TtlSet({ ttlMs: 60 * 60 * 1000, maxEntries: 20_000 }),
    answers: { set: async (key, value) => answers.set(key, value), get: async (key) => answers.get(key) },
    claim: async (key, ttlMs) => {
      let set = sets.get(ttlMs);
      if (!set) sets.set(ttlMs, (set = new TtlSet({ ttlMs, maxEntries: 20_000 })));
      return set.addIfNew(key);
    },
  };
}
