/**
 * Keeps a replica on the fleet's current index: on every announcement (and every poll, which covers
 * lost pub/sub messages and reconnects) it compares the published version with the one serving and,
 * when they differ, loads the published artifact and swaps it in. It never builds.
 */
import type { IndexDistribution, PublishedVersion } from './indexDistribution';
import type { Logger } from './logger';
import type { ReindexService } from './reindexService';

/** Starts following; returns a function that stops. */
export function followIndex(service: ReindexService, distribution: IndexDistribution, log: Logger): () => void {
  let loading: string | undefined;
  const failed = new Set<string>();

  const onVersion = (published: PublishedVersion): void => {
    if (published.version === service.current().version || loading === published.artifact || service.running()) return;
    loading = published.artifact;
    const started = performance.now();
    distribution
      .load(published)
      .then((index) => {
        const from = service.current().version;
        if (index.version === from) return;
        if (service.adopt(index)) {
          log.info({ from, version: index.version, artifact: published.artifact.slice(0, 12), bytes: published.bytes, ms: Math.round(performance.now() - started) }, 'index: loaded the version another replica published');
        }
      })
      .catch((err: unknown) => {
        // Once per artifact: the next poll retries silently (a damaged artifact stays damaged).
        if (!failed.has(published.artifact)) log.warn({ artifact: published.artifact.slice(0, 12), err: (err as Error).message }, 'index: could not load the published version; still serving the loaded one');
        failed.add(published.artifact);
        if (failed.size > 100) failed.clear();
      })
      .finally(() => {
        loading = undefined;
      });
  };
  return distribution.watch(onVersion);
}
