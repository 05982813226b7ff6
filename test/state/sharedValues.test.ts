import { strict as assert } from 'node:assert';
import { keyLayout } from '../../src/state/keys';
import type { RedisConnection } from '../../src/state/redisConnection';
import { createLocalValues, createRedisValues } from '../../src/state/sharedValues';
import { startTwoReplicas, type TestRedis, type TwoReplicas } from '../helpers/redisServer';
import { until } from '../helpers/until';

describe('state/sharedValues (real redis-server)', () => {
  let redis: TestRedis;
  let a: RedisConnection;
  let b: RedisConnection;
  const keys = keyLayout('test-values:');

  let replicas: TwoReplicas;
  before(async () => {
    replicas = await startTwoReplicas();
    ({ redis, a, b } = replicas);
  });
  after(async () => replicas?.close());

  it('a value stored by one replica is read by another, and expires', async () => {
    const onA = createRedisValues<{ q: string }>(a, keys, { namespace: 'ans', ttlMs: 300 });
    const onB = createRedisValues<{ q: string }>(b, keys, { namespace: 'ans', ttlMs: 300 });
    await onA.set('k1', { q: 'waar staan mijn gegevens?' });
    assert.deepEqual(await onB.get('k1'), { q: 'waar staan mijn gegevens?' });
    assert.equal(await onB.get('k2'), undefined);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await createRedisValues(b, keys, { namespace: 'ans', ttlMs: 300 }).get('k1'), undefined);
  });

  it('keeps an oversized value local only', async () => {
    const onA = createRedisValues<string>(a, keys, { namespace: 'big', ttlMs: 60_000, maxBytes: 100 });
    const onB = createRedisValues<string>(b, keys, { namespace: 'big', ttlMs: 60_000, maxBytes: 100 });
    await onA.set('big', 'x'.repeat(500));
    assert.equal((await onA.get('big'))?.length, 500);
    assert.equal(await onB.get('big'), undefined);
  });

  it('reads its own values while Redis is down, and never rejects', async () => {
    const onA = createRedisValues<number>(a, keys, { namespace: 'down', ttlMs: 60_000 });
    await onA.set('before', 1);
    await redis.stop();
    await until(() => !a.isUp(), 3000, 'outage noticed');
    await onA.set('during', 2);
    assert.equal(await onA.get('before'), 1);
    assert.equal(await onA.get('during'), 2);
    assert.equal(await createRedisValues<number>(b, keys, { namespace: 'down', ttlMs: 60_000 }).get('during'), undefined);
    await redis.start();
    await until(() => a.isUp() && b.isUp(), 5000, 'reconnected');
  });

  it('the local store keeps values for its TTL', async () => {
    const local = createLocalValues<number>(60_000, 2);
    await local.set('a', 1);
    await local.set('b', 2);
    await local.set('c', 3);
    assert.equal(await local.get('a'), undefined);
    assert.equal(await local.get('c'), 3);
  });
});
