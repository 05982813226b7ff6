import { strict as assert } from 'node:assert';
import { recordingLogger } from '../../src/core/logger';
import { keyLayout } from '../../src/state/keys';
import { createRedisConnection, type RedisConnection } from '../../src/state/redisConnection';
import { createStreamSink, readStream, type EntrySink } from '../../src/state/streamSink';
import { startTestRedis, type TestRedis } from '../helpers/redisServer';
import { until } from '../helpers/until';

type Entry = { at: string; n: number; comment?: string };

describe('state/streamSink (real redis-server)', () => {
  let redis: TestRedis;
  let conn: RedisConnection;
  const keys = keyLayout('test-streams:');
  const fallen: Entry[] = [];
  const fallback: EntrySink<Entry> = { record: async (e) => void fallen.push(e) };

  before(async () => {
    redis = await startTestRedis();
    conn = createRedisConnection({ url: redis.url, log: recordingLogger(), maxReconnectDelayMs: 200 });
    await until(() => conn.isUp(), 3000, 'connected');
  });
  after(async () => {
    await conn?.close();
    await redis?.close();
  });

  it('appends entries that read back in order, capped near MAXLEN', async () => {
    const sink = createStreamSink<Entry>(conn, keys, { stream: 'feedback', maxLen: 100, fallback });
    for (let n = 0; n < 1500; n++) await sink.record({ at: new Date().toISOString(), n });
    const len = await conn.client.xlen(keys.stream('feedback'));
    // MAXLEN ~ trims whole macro nodes (100 entries each by default): approximately, never below the cap.
    assert.ok(len >= 100 && len <= 300, String(len));
    const read: number[] = [];
    const result = await readStream(conn, keys, 'feedback', ({ entry }) => read.push(entry.n as number), { pageSize: 37 });
    assert.equal(result.read, len);
    assert.equal(read[read.length - 1], 1499);
    assert.deepEqual(read, [...read].sort((x, y) => x - y));
  });

  it('cuts over-long fields and reads from a time on', async () => {
    const sink = createStreamSink<Entry>(conn, keys, { stream: 'audit', fallback });
    await sink.record({ at: 'old', n: 1, comment: 'x'.repeat(10_000) });
    await new Promise((r) => setTimeout(r, 20));
    const since = Date.now();
    await sink.record({ at: 'new', n: 2 });
    const all: Record<string, unknown>[] = [];
    await readStream(conn, keys, 'audit', ({ entry }) => all.push(entry));
    assert.equal((all[0].comment as string).length, 4001);
    const recent: Record<string, unknown>[] = [];
    await readStream(conn, keys, 'audit', ({ entry }) => recent.push(entry), { sinceMs: since });
    assert.deepEqual(recent.map((e) => e.n), [2]);
  });

  it('writes to the fallback while Redis is down, so no entry is lost', async () => {
    const sink = createStreamSink<Entry>(conn, keys, { stream: 'unanswered', fallback });
    await redis.stop();
    await until(() => !conn.isUp(), 3000, 'outage noticed');
    await sink.record({ at: 'x', n: 42 });
    assert.deepEqual(fallen.map((e) => e.n), [42]);
    await redis.start();
    await until(() => conn.isUp(), 5000, 'reconnected');
    await sink.record({ at: 'y', n: 43 });
    assert.equal(await conn.client.xlen(keys.stream('unanswered')), 1);
  });
});
