import { strict as assert } from 'node:assert';
import { recordingLogger } from '../../src/core/logger';
import { MemoryClaimStore } from '../../src/bot/claimStore';
import { createRedisClaims } from '../../src/state/claims';
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

  it('a release lets the next claim in on any replica, and only the holder can release', async () => {
    const a = createRedisClaims(await connect(), keys, 'rel');
    const b = createRedisClaims(await connect(), keys, 'rel');
    assert.equal(await a.claim('share-1', 60_000), true);
    assert.equal(await b.claim('share-1', 60_000), false);
    await b.release('share-1'); // B never held it: nothing changes.
    assert.equal(await b.claim('share-1', 60_000), false);
    await a.release('share-1'); // A's post failed: give it back.
    assert.equal(await conns[0].client.exists(keys.claim('rel', 'share-1')), 0, 'the key is gone from Redis');
    assert.equal(await b.claim('share-1', 60_000), true, 'B, which saw A\'s claim before, now wins');
    assert.equal(await a.claim('share-1', 60_000), false);
  });

  it('a stale holder\'s release after expiry does not delete the claim another replica took since', async () => {
    // A's local mirror runs on a clock that does not move: it still believes it holds the claim after
    // Redis expired it (a slow holder), so its release reaches Redis with its old token.
    const a = createRedisClaims(await connect(), keys, 'stale', new MemoryClaimStore({ now: () => 0 }));
    const b = createRedisClaims(await connect(), keys, 'stale');
    const key = keys.claim('stale', 'x');
    assert.equal(await a.claim('x', 150), true);
    const tokenA = await conns[0].client.get(key);
    assert.match(String(tokenA), /^[0-9a-f]{32}$/, 'the value is a random token');
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await b.claim('x', 60_000), true, 'expired in Redis: B takes it');
    const tokenB = await conns[0].client.get(key);
    assert.notEqual(tokenB, tokenA);
    await a.release('x');
    assert.equal(await conns[0].client.get(key), tokenB, 'B\'s claim is still there');
    const c = createRedisClaims(await connect(), keys, 'stale');
    assert.equal(await c.claim('x', 60_000), false);
  });

  it('keeps the same id in two namespaces apart, locally as in Redis', async () => {
    const conn = await connect();
    const events = createRedisClaims(conn, keys, 'ns-a');
    const votes = createRedisClaims(conn, keys, 'ns-b');
    assert.equal(await events.claim('same', 60_000), true);
    assert.equal(await votes.claim('same', 60_000), true);
  });

  it('while Redis is down claims resolve from local claims (fail-open) and releases resolve too', async () => {
    const connA = await connect();
    const a = createRedisClaims(connA, keys, 'down');
    assert.equal(await a.claim('held-before', 60_000), true);
    await redis.stop();
    try {
      await until(() => !connA.isUp(), 3000, 'connection noticed the outage');
      assert.equal(await a.claim('new', 60_000), true, 'granted: this replica has not seen it');
      assert.equal(await a.claim('new', 60_000), false, 'its own repeat is still refused');
      assert.equal(await a.claim('held-before', 60_000), false);
      await a.release('new');
      assert.equal(await a.claim('new', 60_000), true, 'a local release lets a retry in');
      // The claim made while Redis was up stays there until its expiry; the release never rejects.
      await a.release('held-before');
      assert.equal(await a.claim('held-before', 60_000), true);
    } finally {
      await redis.start();
      await until(() => conns.every((c) => c.isUp()), 5000, 'reconnected');
    }
  });

  it('a release on a Redis that hangs is bounded by the command timeout and resolves', async () => {
    const conn = await connect();
    const claims = createRedisClaims(conn, keys, 'hang-release');
    assert.equal(await claims.claim('r1', 60_000), true);
    redis.pause();
    try {
      const started = Date.now();
      await claims.release('r1');
      const took = Date.now() - started;
      assert.ok(took >= 400 && took < 1500, `release took ${took} ms`);
      assert.equal(await claims.claim('r1', 60_000), true, 'released locally: the retry is let in');
    } finally {
      redis.resume();
    }
  });
});
