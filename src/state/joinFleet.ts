/**
 * Puts a replica's reindex service on the fleet's index: follows the current version (loading what
 * others publish) and, when nothing is published yet (first start, or a Redis that lost its data),
 * publishes the index this replica serves, so a replica started later can load it instead of building.
 */
import { followIndex } from '../core/indexFollower';
import type { Logger } from '../core/logger';
import type { ReindexService } from '../core/reindexService';
import { describeRedisError } from './redisConnection';
import type { SharedState } from './sharedState';

/** Starts following and seeding; returns a function that stops following. */
export function joinFleet(shared: SharedState, service: ReindexService, log: Logger): () => void {
  const seed = () => {
    if (!shared.connection.isUp() || service.running()) return;
    const index = service.current();
    shared.distribution.publish(index, { onlyIfNone: true }).then(
      (published) => published && log.info({ version: published.version, artifact: published.artifact.slice(0, 12), bytes: published.bytes }, 'index: no version was published yet; published this one'),
      (err: unknown) => log.warn({ err: describeRedisError(err) }, 'index: could not publish the serving version'),
    );
  };
  shared.connection.onReady(seed);
  seed();
  return followIndex(service, shared.distribution, log);
}
