import { strict as assert } from 'node:assert';
import { createLocalThrottle, createRedisThrottle } from '../../src/state/failureThrottle';
import { keyLayout } from '../../src/state/keys';
import type { RedisConnection } from '../../src/state/redisConnection';
import { startTwoReplicas, type TestRedis, type TwoReplicas } from '../helpers/redisServer';
import { until } from '../helpers/until';

describe('state/failureThrottle (real redis-server)', () => {
  let redis: TestRedis;
  let a: RedisConnection;
  let b: RedisConnection;
  const keys = keyLayout('test-throttle:');

  let replicas: TwoReplicas;
  before(async () => {
    replicas = await startTwoReplicas();
    ({ redis, a, b } = replicas);
  });
  after(async () => replicas?.close());

  it('counts failures of one client across replicas and blocks on both', async () => {
    const options = { maxFailures: 4, windowMs: 30_000 };
    const onA = createRedisThrottle(a, keys, 'admin', options);
    const onB = createRedisThrottle(b, keys, 'admin', options);
    assert.deepEqual(await onA.fail('10.0.0.1'), { blocked: false, retryAfterS: 0 });
    await onB.fail('10.0.0.1');
    await onA.fail('10.0.0.1');
    assert.equal((await onB.blocked('10.0.0.1')).blocked, false);
    const fourth = await onB.fail('10.0.0.1');
    assert.equal(fourth.blocked, true);
    assert.ok(fourth.retryAfterS > 25 && fourth.retryAfterS <= 30, String(fourth.retryAfterS));
    assert.equal((await onA.blocked('10.0.0.1')).blocked, true);
    assert.equal((await onA.blocked('10.0.0.2')).blocked, false);
    const key = keys.throttle('admin', '10.0.0.1');
    assert.equal(await a.client.get(key), '4');
    assert.ok((await a.client.pttl(key)) > 0, 'the counter always has its window as expiry');
  });

  it('unblocks when the window ends', async () => {
    const onA = createRedisThrottle(a, keys, 'short', { maxFailures: 1, windowMs: 200 });
    assert.equal((await onA.fail('c')).blocked, true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await onA.blocked('c')).blocked, false);
  });

  it('counts locally while Redis is down', async () => {
    const onA = createRedisThrottle(a, keys, 'down', { maxFailures: 2, windowMs: 30_000 });
    await redis.stop();
    await until(() => !a.isUp(), 3000, 'outage noticed');
    assert.equal((await onA.fail('c')).blocked, false);
    assert.equal((await onA.fail('c')).blocked, true);
    assert.equal((await onA.blocked('c')).blocked, true);
    await redis.start();
    await until(() => a.isUp() && b.isUp(), 5000, 'reconnected');
  });

  it('the local throttle uses a fixed window and keeps a bounded number of keys', async () => {
    let now = 0;
    const t = createLocalThrottle({ maxFailures: 2, windowMs: 1000, maxLocalKeys: 2, now: () => now });
    await t.fail('x');
    assert.deepEqual(await t.fail('x'), { blocked: true, retryAfterS: 1 });
    await t.fail('y');
    await t.fail('z');
    assert.equal((await t.blocked('x')).blocked, false, 'x was evicted');
    now = 1500;
    assert.equal((await t.blocked('z')).blocked, false);
  });
});
