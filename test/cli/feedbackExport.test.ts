import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFeedbackExport } from '../../src/cli/feedbackExport';
import { recordingLogger } from '../../src/core/logger';
import { keyLayout } from '../../src/state/keys';
import { createRedisConnection } from '../../src/state/redisConnection';
import { createStreamSink } from '../../src/state/streamSink';
import { startTestRedis, type TestRedis } from '../helpers/redisServer';
import { until } from '../helpers/until';

async function run(argv: string[], redis?: { url: string; keyPrefix: string }) {
  let out = '';
  let err = '';
  const config = redis && { ...redis, streamMaxLen: 1000, indexPollMs: 2000 };
  const code = await runFeedbackExport(argv, { out: (s) => (out += s), err: (s) => (err += s), redis: config, now: Date.parse('2026-06-02T00:00:00Z') });
  return { code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

describe('cli/feedbackExport', () => {
  let redis: TestRedis;
  let data: string;
  before(async () => {
    redis = await startTestRedis();
    data = mkdtempSync(join(tmpdir(), 'privacy-bot-export-'));
    writeFileSync(join(data, 'feedback.jsonl'), [
      JSON.stringify({ at: '2026-05-01T00:00:00Z', kind: 'feedback', reaction: 'like', question: 'old' }),
      'not json',
      JSON.stringify({ at: '2026-06-01T12:00:00Z', kind: 'feedback', reaction: 'dislike', question: 'new' }),
      JSON.stringify({ at: '2026-06-01T13:00:00Z', kind: 'unanswered', question: 'gap' }),
    ].join('\n') + '\n');
    writeFileSync(join(data, 'audit.jsonl'), `${JSON.stringify({ at: '2026-06-01T00:00:00Z', result: 'ok' })}\n`);
  });
  after(async () => {
    await redis?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('without Redis: exports one kind from the local files, from a time on, counting damaged lines', async () => {
    const all = await run(['export', '--data', data]);
    assert.equal(all.code, 0);
    assert.deepEqual(all.lines.map((l) => l.question), ['old', 'new']);
    assert.match(all.err, /1 damaged/);
    assert.deepEqual((await run(['export', '--data', data, '--since', '2026-06-01T00:00:00Z'])).lines.map((l) => l.question), ['new']);
    assert.deepEqual((await run(['export', '--data', data, '--since', '1d'])).lines.map((l) => l.question), ['new']);
    assert.deepEqual((await run(['export', '--stream', 'unanswered', '--data', data])).lines.map((l) => l.question), ['gap']);
    assert.deepEqual((await run(['export', '--stream', 'audit', '--data', data])).lines.map((l) => l.result), ['ok']);
  });

  it('with Redis: exports the shared stream', async () => {
    const conn = createRedisConnection({ url: redis.url, log: recordingLogger() });
    await until(() => conn.isUp(), 3000, 'connected');
    const sink = createStreamSink(conn, keyLayout('exp:'), { stream: 'feedback', fallback: { record: async () => assert.fail('no fallback') } });
    await sink.record({ at: '2026-06-01T10:00:00Z', kind: 'feedback', question: 'from replica A' });
    await sink.record({ at: '2026-06-01T11:00:00Z', kind: 'feedback', question: 'from replica B' });
    await conn.close();
    const res = await run(['export', '--stream', 'feedback'], { url: redis.url, keyPrefix: 'exp:' });
    assert.equal(res.code, 0);
    assert.deepEqual(res.lines.map((l) => l.question), ['from replica A', 'from replica B']);
    assert.match(res.err, /2 feedback entries from Redis/);
  });

  it('rejects a bad command line', async () => {
    await assert.rejects(run(['export', '--stream', 'secrets']), /--stream must be one of/);
    await assert.rejects(run(['dump']), /unknown feedback command/);
    await assert.rejects(run(['export', '--since', 'yesterday']), /--since/);
  });
});
