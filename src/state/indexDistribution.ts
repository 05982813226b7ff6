/**
 * The index shared through Redis (see {@link IndexDistribution}).
 *
 * - Build lock: `SET <p>index:lock <token> NX PX <ttl>`, renewed while the build runs, released with a
 *   compare-and-delete script (a replica never deletes a lock that expired and was taken by another).
 * - Artifact: gzip bytes under `<p>index:artifact:<sha256>`, written in 1 MiB pieces to a temporary key
 *   and renamed, so a reader never sees half an artifact and no single command is large.
 * - "current": one `SET` of a small JSON after the artifact exists, together with the history in one
 *   script; the last `keepVersions` artifacts are kept, older ones get a short expiry.
 * - Announcement: `PUBLISH <p>index:published <json>`; replicas also poll "current" every `pollMs`.
 */
import { randomUUID } from 'node:crypto';
import type { IndexDistribution, LockedRun, PublishedVersion } from '../core/indexDistribution';
import { decodeArtifact, encodeArtifact } from '../core/indexArtifact';
import type { Logger } from '../core/logger';
import type { SearchIndex } from '../core/searchIndex';
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** Options of {@link createRedisIndexDistribution}. */
export interface RedisIndexDistributionOptions {
  /** Build lock expiry in ms, renewed every third of it while building (default 120 s). */
  lockTtlMs?: number;
  /** Poll interval of "current" (default 2000 ms). */
  pollMs?: number;
  /** Artifacts kept besides the current one's predecessors (default 3). */
  keepVersions?: number;
  /** Expiry of an artifact that is not (or no longer) among the kept ones, in ms (default 1 h). */
  orphanTtlMs?: number;
  log: Logger;
}

const CHUNK = 1024 * 1024;

/** Deletes the lock only when it still holds our token. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
/** Extends the lock only when it still holds our token. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/**
 * KEYS: current, history, artifact. ARGV: json, artifact id, onlyIfNone (1/0), keep.
 * Moves "current", keeps the artifact, records it first in the history; returns the ids dropped from it
 * (the caller gives them an expiry), or false when `onlyIfNone` and something is current already.
 */
const PROMOTE = `
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return false end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PERSIST', KEYS[3])
redis.call('LREM', KEYS[2], 0, ARGV[2])
redis.call('LPUSH', KEYS[2], ARGV[2])
local keep = tonumber(ARGV[4])
local dropped = redis.call('LRANGE', KEYS[2], keep, -1)
redis.call('LTRIM', KEYS[2], 0, keep - 1)
return dropped`;

/** Parses and checks a "current" value; undefined when it is not one. */
export function parseVersion(json: string | null): PublishedVersion | undefined {
  if (json === null) return undefined;
  try {
    const v = JSON.parse(json) as Partial<PublishedVersion>;
    if (typeof v.artifact === 'string' && /^[0-9a-f]{64}$/.test(v.artifact) && typeof v.version === 'string' && typeof v.bytes === 'number') {
      return { artifact: v.artifact, version: v.version, builtAt: String(v.builtAt ?? ''), bytes: v.bytes, publishedAt: String(v.publishedAt ?? '') };
    }
  } catch {
    // Not JSON: treated as absent.
  }
  return undefined;
}

/** Creates the Redis index distribution. */
export function createRedisIndexDistribution(conn: RedisConnection, keys: KeyLayout, o: RedisIndexDistributionOptions): IndexDistribution {
  const { log } = o;
  const lockTtlMs = o.lockTtlMs ?? 120_000;
  const redis = conn.client;

  const current = async (): Promise<PublishedVersion | undefined> => parseVersion(await redis.get(keys.current));

  const writeArtifact = async (id: string, gz: Buffer): Promise<void> => {
    const key = keys.artifact(id);
    if ((await redis.strlen(key)) === gz.length) return; // Content-addressed: already there.
    const tmp = `${key}:partial:${randomUUID()}`;
    await redis.set(tmp, gz.subarray(0, CHUNK), 'PX', o.orphanTtlMs ?? 3_600_000);
    for (let at = CHUNK; at < gz.length; at += CHUNK) await redis.append(tmp, gz.subarray(at, at + CHUNK));
    await redis.rename(tmp, key); // Keeps the expiry: PROMOTE removes it once the artifact is current.
  };

  const readArtifact = async (id: string): Promise<Buffer> => {
    const key = keys.artifact(id);
    const length = await redis.strlen(key);
    if (length === 0) throw new Error(`artifact ${id.slice(0, 12)} is not in Redis (expired?)`);
    const pieces: Buffer[] = [];
    for (let at = 0; at < length; at += CHUNK) pieces.push(await redis.getrangeBuffer(key, at, Math.min(at + CHUNK, length) - 1));
    return Buffer.concat(pieces);
  };

  return {
    async runLocked<T>(build: () => Promise<T>): Promise<LockedRun<T>> {
      const token = randomUUID();
      let held = false;
      try {
        held = (await redis.set(keys.lock, token, 'PX', lockTtlMs, 'NX')) === 'OK';
        if (!held) return { ran: false };
      } catch (err) {
        // Cannot coordinate: build here rather than refuse the admin (the result is published if Redis is back).
        conn.fallback('index-lock', err);
      }
      const renew = held
        ? setInterval(() => {
            redis.eval(RENEW, 1, keys.lock, token, lockTtlMs).catch(() => undefined);
          }, Math.max(1000, Math.floor(lockTtlMs / 3)))
        : undefined;
      renew?.unref();
      try {
        return { ran: true, value: await build() };
      } finally {
        clearInterval(renew);
        if (held) {
          try {
            await redis.eval(RELEASE, 1, keys.lock, token);
          } catch (err) {
            log.warn({ err: (err as Error).message }, 'index: could not release the build lock; it expires by itself');
          }
        }
      }
    },

    async publish(index: SearchIndex, options = {}) {
      if (options.onlyIfNone && (await current())) return undefined;
      const artifact = await encodeArtifact(index, options.parts);
      await writeArtifact(artifact.id, artifact.gz);
      const published: PublishedVersion = {
        artifact: artifact.id,
        version: index.version,
        builtAt: index.builtAt,
        bytes: artifact.gz.length,
        publishedAt: new Date().toISOString(),
      };
      const json = JSON.stringify(published);
      const keep = o.keepVersions ?? 3;
      const dropped = (await redis.eval(PROMOTE, 3, keys.current, keys.history, keys.artifact(artifact.id), json, artifact.id, options.onlyIfNone ? '1' : '0', keep)) as string[] | null;
      if (dropped === null) return undefined;
      for (const old of dropped) if (old !== artifact.id) await redis.pexpire(keys.artifact(old), o.orphanTtlMs ?? 3_600_000);
      await redis.publish(keys.published, json);
      return published;
    },

    current,

    async load(version) {
      return decodeArtifact(await readArtifact(version.artifact), version.artifact);
    },

    watch(listener) {
      const sub = conn.subscriber();
      const onMessage = (channel: string, message: string) => {
        if (channel !== keys.published) return;
        const v = parseVersion(message);
        if (v) listener(v);
      };
      sub.on('message', onMessage);
      sub.subscribe(keys.published).catch(() => undefined); // Renewed by ioredis after a reconnect.
      let stopped = false;
      const poll = () => {
        if (stopped || !conn.isUp()) return;
        current().then((v) => v && !stopped && listener(v), () => undefined);
      };
      const timer = setInterval(poll, o.pollMs ?? 2000);
      timer.unref();
      conn.onReady(poll); // Back after an outage: catch up at once.
      poll();
      return () => {
        stopped = true;
        clearInterval(timer);
        sub.off('message', onMessage);
        sub.unsubscribe(keys.published).catch(() => undefined);
      };
    },

    async waitUnlocked(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if ((await redis.exists(keys.lock)) === 0) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    },
  };
}
