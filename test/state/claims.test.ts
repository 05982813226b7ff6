import { strict as assert } from 'node:assert';
import { recordingLogger } from '../../src/core/logger';
import { createRedisClaims, LocalClaims } from '../../src/state/claims';
import { createDedup } from '../../src/state/dedup';
import { keyLayout } from '../../src/state/keys';
import { createRedisConnection, type RedisConnection } from '../../src/state/redisConnection';
import { startTestRedis, type TestRedis } from '../helpers/redisServer';
import { until } from '../helpers/until';

describe('state/claims (real redis-server)', () => {
  let redis: TestRedis;
  const conns: RedisConnection[] = [];
  const keys = keyLayout('test-claims:');
  const log = recordingLogger();
  const connect = async () => {
    const c = createRedisConnection({ url: redis.url, log, maxReconnectDelayMs: 200 });
    conns.push(c);
    await until(() => c.isUp(), 3000, 'redis connection');
    return c;
  };

  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await redis?.close();
  });

  it('lets exactly one of two replicas claim an id, however many times each tries', async () => {
    const a = createRedisClaims(await connect(), keys, 'ev');
    const b = createRedisClaims(await connect(), keys, 'ev');
    const results = await Promise.all([a, b, a, b, a, b].map((c) => c.claim('Ev0001', 60_000)));
    assert.equal(results.filter(Boolean).length, 1);
    // The key is hashed: its length does not depend on the id.
    const conn = conns[0];
    const stored = await conn.client.keys('test-claims:claim:ev:*');
    assert.equal(stored.length, 1);
    assert.match(stored[0], /^test-claims:claim:ev:[0-9a-f]{32}$/);
    assert.ok((await conn.client.pttl(stored[0])) > 59_000);
  });

  it('frees the id when its TTL has passed', async () => {
    const a = createRedisClaims(await connect(), keys, 'short');
    const b = createRedisClaims(await connect(), keys, 'short');
    assert.equal(await a.claim('x', 150), true);
    assert.equal(await b.claim('x', 150), false);
    await new Promise((r) => setTimeout(r, 250));
    const dedup = createDedup(createRedisClaims(await connect(), keys, 'short'), 150);
    assert.equal(await dedup.addIfNew('x'), true);
  });

  it('falls back to local claims while Redis is down (warned once), and shares again once it is back', async () => {
    const connA = await connect();
    const a = createRedisClaims(connA, keys, 'outage');
    const b = createRedisClaims(await connect(), keys, 'outage');
    await redis.stop();
    await until(() => !connA.isUp(), 3000, 'connection noticed the outage');
    const before = log.records.length;
    // Never rejects, and a replica still refuses its own repeats.
    assert.equal(await a.claim('during', 60_000), true);
    for (let i = 0; i < 20; i++) assert.equal(await a.claim('during', 60_000), false);
    for (let i = 0; i < 20; i++) await a.claim(`other-${i}`, 60_000);
    const warnings = log.records.slice(before).filter((r) => r.msg === 'redis: unavailable, using the local fallback');
    assert.equal(warnings.length, 1, JSON.stringify(log.records.slice(before)));
    await redis.start();
    await until(() => conns.every((c) => c.isUp()), 5000, 'reconnected');
    assert.equal(await a.claim('after', 60_000), true);
    assert.equal(await b.claim('after', 60_000), false);
  });

  it('a Redis that hangs costs one command timeout, then is skipped for a while (health says down)', async () => {
    const conn = await connect();
    const claims = createRedisClaims(conn, keys, 'hang');
    redis.pause();
    try {
      let started = Date.now();
      assert.equal(await claims.claim('h1', 60_000), true, 'falls back to the local claim');
      const first = Date.now() - started;
      assert.ok(first >= 400 && first < 1500, `first claim took ${first} ms`);
      assert.equal(conn.status().state, 'down');
      started = Date.now();
      for (let i = 0; i < 10; i++) await claims.claim(`h-more-${i}`, 60_000);
      assert.ok(Date.now() - started < 100, `later claims took ${Date.now() - started} ms`);
    } finally {
      redis.resume();
    }
  });

  it('local claims are bounded and expire', async () => {
    let now = 0;
    const local = new LocalClaims(3, () => now);
    for (const k of ['a', 'b', 'c', 'd']) assert.equal(local.claimNow(k, 1000), true);
    assert.equal(local.claimNow('a', 1000), true, 'the oldest was evicted');
    assert.equal(local.claimNow('d', 1000), false);
    now = 2000;
    assert.equal(local.claimNow('d', 1000), true);
  });
});
