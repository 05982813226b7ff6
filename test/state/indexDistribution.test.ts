import { strict as assert } from 'node:assert';
import type { PublishedVersion } from '../../src/core/indexDistribution';
import { recordingLogger } from '../../src/core/logger';
import { serializeIndex } from '../../src/core/searchIndex';
import { createRedisIndexDistribution } from '../../src/state/indexDistribution';
import { keyLayout } from '../../src/state/keys';
import type { RedisConnection } from '../../src/state/redisConnection';
import { realIndex } from '../helpers/engine';
import { startTwoReplicas, type TestRedis, type TwoReplicas } from '../helpers/redisServer';
import { until } from '../helpers/until';

describe('state/indexDistribution (real redis-server)', () => {
  let redis: TestRedis;
  let a: RedisConnection;
  let b: RedisConnection;
  const keys = keyLayout('test-index:');
  const log = recordingLogger();
  const distA = () => createRedisIndexDistribution(a, keys, { log, pollMs: 100, lockTtlMs: 3000 });
  const distB = () => createRedisIndexDistribution(b, keys, { log, pollMs: 100, lockTtlMs: 3000 });
  const withBuiltAt = (at: string) => ({ ...realIndex().index, builtAt: at });

  let replicas: TwoReplicas;
  before(async () => {
    replicas = await startTwoReplicas(log);
    ({ redis, a, b } = replicas);
  });
  after(async () => replicas?.close());

  it('publishes on one replica, and the other reads the current version and loads the same index', async () => {
    const index = realIndex().index;
    const published = await distA().publish(index);
    assert.ok(published);
    const current = await distB().current();
    assert.deepEqual(current, published);
    const loaded = await distB().load(current as PublishedVersion);
    assert.deepEqual(serializeIndex(loaded), serializeIndex(index));
    assert.equal(await a.client.pttl(keys.artifact(published.artifact)), -1, 'the current artifact does not expire');
    assert.deepEqual(await a.client.keys('test-index:index:artifact:*:partial:*'), [], 'no partial upload left');
  });

  it('seeding (onlyIfNone) does not replace a published version', async () => {
    const before = await distA().current();
    assert.equal(await distB().publish(withBuiltAt('1999-01-01T00:00:00.000Z'), { onlyIfNone: true }), undefined);
    assert.deepEqual(await distA().current(), before);
  });

  it('announces a new version through pub/sub and polling, and keeps only the last few artifacts', async () => {
    const seen: string[] = [];
    const stop = distB().watch((v) => seen.push(v.artifact));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await distA().publish(withBuiltAt(`2020-01-0${i + 1}T00:00:00.000Z`))) as PublishedVersion).artifact);
    await until(() => seen.includes(ids[4]), 2000, 'announcement of the last version');
    stop();
    assert.deepEqual(await a.client.lrange(keys.history, 0, -1), [ids[4], ids[3], ids[2]]);
    assert.equal(await a.client.pttl(keys.artifact(ids[4])), -1);
    assert.ok((await a.client.pttl(keys.artifact(ids[0]))) > 0, 'an artifact out of the history expires');
  });

  it('runs a build on one replica only while the lock is held, and releases only its own lock', async () => {
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = distA().runLocked(async () => {
      builds += 1;
      await gate;
      return 'built';
    });
    await until(async () => (await a.client.exists(keys.lock)) === 1, 2000, 'lock taken');
    const second = await distB().runLocked(async () => {
      builds += 1;
      return 'also built';
    });
    assert.deepEqual(second, { ran: false });
    assert.equal(await distB().waitUnlocked(100), false);
    release();
    assert.deepEqual(await first, { ran: true, value: 'built' });
    assert.equal(builds, 1);
    assert.equal(await distB().waitUnlocked(1000), true);

    // A lock that expired and was taken by another replica is not deleted by the first one.
    const slow = createRedisIndexDistribution(a, keys, { log, lockTtlMs: 1000 });
    const run = slow.runLocked(async () => {
      await a.client.del(keys.lock); // Simulates the expiry...
      await b.client.set(keys.lock, 'someone-else', 'PX', 5000); // ...and the other replica taking it.
    });
    await run;
    assert.equal(await b.client.get(keys.lock), 'someone-else');
    await b.client.del(keys.lock);
  });

  it('refuses to load a damaged artifact', async () => {
    const current = (await distA().current()) as PublishedVersion;
    const gz = await a.client.getBuffer(keys.artifact(current.artifact));
    const damaged = Buffer.from(gz as Buffer);
    damaged[100] ^= 0xff;
    await a.client.set(keys.artifact(current.artifact), damaged);
    await assert.rejects(distB().load(current));
    await a.client.set(keys.artifact(current.artifact), gz as Buffer);
    await distB().load(current);
  });

  it('fails fast while Redis is down (no call waits for it)', async () => {
    await redis.stop();
    await until(() => !a.isUp(), 3000, 'outage noticed');
    const started = Date.now();
    await assert.rejects(distA().current());
    await assert.rejects(distA().publish(realIndex().index));
    assert.ok(Date.now() - started < 500, `${Date.now() - started} ms`);
    // The build still runs (it cannot be coordinated, and must not be refused).
    assert.deepEqual(await distA().runLocked(async () => 1), { ran: true, value: 1 });
    await redis.start();
    await until(() => a.isUp() && b.isUp(), 5000, 'reconnected');
  });
});
