/**
 * Everything replicas share, built from the Redis settings: claims (dedup, share-once), remembered
 * button values, failure throttles, the admin log streams and the index distribution. The composition
 * root creates one per process when `REDIS_URL` is set; without it nothing here is used.
 */
import type { IndexDistribution } from '../core/indexDistribution';
import type { Logger } from '../core/logger';
import type { SearchIndex } from '../core/searchIndex';
import type { ClaimStore } from '../bot/claimStore';
import { createLocalClaims, createRedisClaims } from './claims';
import { createDedup, type Dedup } from './dedup';
import type { FailureThrottle } from '../server/failureThrottle';
import { createRedisThrottle, type ThrottleOptions } from './failureThrottle';
import { createRedisIndexDistribution } from './indexDistribution';
import { keyLayout, type KeyLayout } from './keys';
import { createRedisConnection, describeRedisError, type RedisConnection, type RedisStatus } from './redisConnection';
import { createRedisValues, type SharedValues } from './sharedValues';
import { createStreamSink, type EntrySink, type StreamName } from './streamSink';

/** The Redis settings (`Config.redis`). */
export interface SharedStateConfig {
  url: string;
  /** Prepended to every key and channel (default `privacy-bot:`). */
  keyPrefix: string;
  /** Approximate entries kept per log stream. */
  streamMaxLen: number;
  /** Poll interval of the current index version, in ms. */
  indexPollMs: number;
}

/** A replica's shared state. */
export interface SharedState {
  connection: RedisConnection;
  keys: KeyLayout;
  distribution: IndexDistribution;
  /** Claims in one namespace (`slack-event`, `teams-activity`, `slack-share`, …), with release. */
  claims(namespace: string): ClaimStore;
  /** Deduplication of deliveries in one namespace with one TTL. */
  dedup(namespace: string, ttlMs: number): Dedup;
  values<V>(namespace: string, ttlMs: number): SharedValues<V>;
  throttle(scope: string, options: ThrottleOptions): FailureThrottle;
  /** A log stream, writing to `fallback` while Redis is down. */
  stream<T extends object>(name: StreamName, fallback: EntrySink<T>): EntrySink<T>;
  status(): RedisStatus;
  /**
   * The current index from Redis for a replica that starts: waits up to `timeoutMs` for the connection,
   * then loads the published version. `undefined` when none is published or Redis cannot be reached.
   */
  startIndex(timeoutMs: number): Promise<SearchIndex | undefined>;
  close(): Promise<void>;
}

/** Connects (in the background) and builds the shared state. */
export function createSharedState(config: SharedStateConfig, log: Logger): SharedState {
  const connection = createRedisConnection({ url: config.url, log });
  const keys = keyLayout(config.keyPrefix);
  const distribution = createRedisIndexDistribution(connection, keys, { log, pollMs: config.indexPollMs });
  const local = createLocalClaims();
  const claimStores = new Map<string, ClaimStore>();
  const claims = (namespace: string) => {
    let c = claimStores.get(namespace);
    if (!c) claimStores.set(namespace, (c = createRedisClaims(connection, keys, namespace, local)));
    return c;
  };

  const ready = (timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (connection.isUp()) return resolve(true);
      const timer = setTimeout(() => resolve(connection.isUp()), timeoutMs);
      connection.onReady(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  return {
    connection,
    keys,
    distribution,
    claims,
    dedup: (namespace, ttlMs) => createDedup(claims(namespace), ttlMs),
    values: <V>(namespace: string, ttlMs: number) => createRedisValues<V>(connection, keys, { namespace, ttlMs }),
    throttle: (scope, options) => createRedisThrottle(connection, keys, scope, options),
    stream: (name, fallback) => createStreamSink(connection, keys, { stream: name, maxLen: config.streamMaxLen, fallback }),
    status: () => connection.status(),
    async startIndex(timeoutMs) {
      const started = performance.now();
      if (!(await ready(timeoutMs))) {
        log.warn({ waitedMs: timeoutMs }, 'index: Redis not reachable at start; using the local index');
        return undefined;
      }
      try {
        const published = await distribution.current();
        if (!published) return undefined;
        const index = await distribution.load(published);
        log.info({ version: index.version, artifact: published.artifact.slice(0, 12), bytes: published.bytes, ms: Math.round(performance.now() - started) }, 'index: loaded the current version from Redis');
        return index;
      } catch (err) {
        log.warn({ err: describeRedisError(err) }, 'index: could not load the current version from Redis; using the local index');
        return undefined;
      }
    },
    close: () => connection.close(),
  };
}
