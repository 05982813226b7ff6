/**
 * Tests of the shared feedback log: JSON lines, bounded queue, clipped fields, rotation, pseudonymous ids.
 */
import { strict as assert } from 'node:assert';
import { promises as fs, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFeedbackLog, FEEDBACK_LIMITS, FeedbackEntry } from '../../src/bot/feedbackLog';
import { userIdPolicy } from '../../src/bot/pseudonymize';
import { lineLogger, recordingLogger } from '../../src/core/logger';

function entry(i: number, extra: Partial<FeedbackEntry> = {}): FeedbackEntry {
  return {
    at: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)).toISOString(),
    surface: i % 2 === 0 ? 'teams' : 'slack',
    kind: 'feedback',
    reaction: 'like',
    userId: `user-${i}`,
    question: `question ${i} with "quotes"\nand a newline`,
    answerText: `answer ${i} [1]`,
    citations: [`https://learn.microsoft.com/p${i}#a`],
    ...extra,
  };
}

const KEY = 'feedback-test-key-0123456789';

async function readLines(file: string): Promise<FeedbackEntry[]> {
  return (await fs.readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as FeedbackEntry);
}

describe('createFeedbackLog', function () {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedback-log-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and appends one JSON object per line, in call order', async () => {
    const file = path.join(dir, 'a', 'b', 'feedback.jsonl');
    const log = createFeedbackLog(file, { userIdKey: KEY });
    for (let i = 0; i < 50; i++) log.record(entry(i, { comment: 'x'.repeat(500) }));
    log.record(entry(50, { kind: 'unanswered', reaction: undefined }));
    await log.flush();
    const text = await fs.readFile(file, 'utf8');
    assert.ok(text.endsWith('\n'), 'file ends with a newline');
    const parsed = await readLines(file);
    assert.equal(parsed.length, 51);
    const ids = userIdPolicy(KEY);
    assert.deepEqual(parsed.map((e) => e.userId), Array.from({ length: 51 }, (_, i) => ids(i % 2 === 0 ? 'teams' : 'slack', `user-${i}`)));
    assert.equal(parsed[0].question, entry(0).question, 'the newline survives inside its JSON string');
    assert.equal(parsed[50].kind, 'unanswered');
    assert.equal('reaction' in parsed[50], false);
    assert.deepEqual(log.stats(), { queued: 0, written: 51, dropped: 0, failed: 0 });
  });

  it('stores no user id at all without a key, and a stable HMAC token (never the raw id) with one', async () => {
    const plain = createFeedbackLog(path.join(dir, 'plain.jsonl'));
    plain.record(entry(1));
    const keyed = createFeedbackLog(path.join(dir, 'keyed.jsonl'), { userIdKey: KEY });
    keyed.record(entry(1));
    keyed.record(entry(3, { userId: 'user-1', surface: 'slack' }));
    keyed.record(entry(5, { userId: 'user-1', surface: 'teams' }));
    await Promise.all([plain.flush(), keyed.flush()]);
    const [p] = await readLines(path.join(dir, 'plain.jsonl'));
    assert.equal('userId' in p, false);
    const [a, b, c] = await readLines(path.join(dir, 'keyed.jsonl'));
    assert.match(a.userId ?? '', /^u_[0-9a-f]{24}$/);
    assert.equal(a.userId, b.userId, 'the same person on the same surface gets the same token');
    assert.notEqual(a.userId, c.userId, 'the surface is part of the token');
    const raw = await fs.readFile(path.join(dir, 'keyed.jsonl'), 'utf8');
    assert.equal(raw.includes('user-1'), false, 'the raw id is not in the file');
    assert.notEqual(userIdPolicy('another-key-0123456789')('slack', 'user-1'), a.userId, 'another key, another token');
  });

  it('cuts a 200 KB comment and long questions to their limits and strips control characters', async () => {
    const file = path.join(dir, 'f.jsonl');
    const log = createFeedbackLog(file);
    log.record(entry(1, { comment: 'c'.repeat(200 * 1024), question: `q\u202e${'w'.repeat(10_000)}`, citations: Array.from({ length: 100 }, (_, i) => `https://x/${i}`) }));
    await log.flush();
    const [stored] = await readLines(file);
    assert.equal(stored.comment?.length, FEEDBACK_LIMITS.comment);
    assert.ok(stored.comment?.endsWith('…'));
    assert.equal(stored.question.length, FEEDBACK_LIMITS.question);
    assert.equal(stored.question.includes('\u202e'), false);
    assert.equal(stored.citations.length, FEEDBACK_LIMITS.citations);
    assert.ok(statSync(file).size < 16 * 1024, `one line stays small (${statSync(file).size} bytes)`);
  });

  it('a burst of 20,000 records: the queue stays bounded, drops are counted and warned about once', async () => {
    const file = path.join(dir, 'burst.jsonl');
    const logger = recordingLogger();
    const log = createFeedbackLog(file, { log: logger, maxQueue: 1000 });
    const heapBefore = process.memoryUsage().heapUsed;
    let maxQueued = 0;
    for (let i = 0; i < 20_000; i++) {
      log.record(entry(i, { comment: 'y'.repeat(1000) }));
      maxQueued = Math.max(maxQueued, log.stats().queued);
    }
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    assert.ok(maxQueued <= 1000, `queued at most 1000 (saw ${maxQueued})`);
    assert.equal(log.stats().dropped, 19_000, 'what did not fit is counted');
    assert.ok(heapGrowthMb < 40, `heap grew ${heapGrowthMb.toFixed(1)} MB`);
    await log.flush();
    assert.equal((await readLines(file)).length, 1000);
    const warnings = logger.records.filter((r) => r.msg === 'log queue full: records dropped');
    assert.equal(warnings.length, 1, 'one warning per interval, not one per record');
    assert.equal(warnings[0].log, 'feedback log');
  });

  it('rotates by size and keeps a fixed number of files', async () => {
    const file = path.join(dir, 'rot', 'feedback.jsonl');
    const maxBytes = 64 * 1024;
    const log = createFeedbackLog(file, { rotation: { maxBytes, maxFiles: 3 }, maxQueue: 5000 });
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) log.record(entry(round * 1000 + i, { comment: 'z'.repeat(200) }));
      await log.flush();
    }
    assert.equal(log.stats().written, 20_000);
    const names = readdirSync(path.dirname(file)).sort();
    assert.deepEqual(names, ['feedback.jsonl', 'feedback.jsonl.1', 'feedback.jsonl.2']);
    for (const n of names) assert.ok(statSync(path.join(path.dirname(file), n)).size <= maxBytes, `${n} is within ${maxBytes} bytes`);
    // The newest records are in the current file, the rotated ones are older and whole lines.
    const current = await readLines(file);
    assert.ok(current.at(-1)?.question.startsWith('question 19999'));
    const older = await readLines(`${file}.2`);
    assert.ok(older.length > 0);
  });

  it('never throws on IO errors: it logs them once and writes again once the obstacle is gone', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await fs.writeFile(blocker, 'file in the way');
    const logged: string[] = [];
    const log = createFeedbackLog(path.join(blocker, 'feedback.jsonl'), { log: lineLogger((line) => logged.push(line)) });
    log.record(entry(1));
    await log.flush();
    log.record(entry(2));
    await log.flush();
    assert.equal(log.stats().failed, 2);
    assert.equal(logged.length, 1, 'one line per interval');
    assert.match(logged[0], /log records could not be written/);

    await fs.rm(blocker);
    await fs.mkdir(blocker);
    log.record(entry(3));
    await log.flush();
    assert.equal((await readLines(path.join(blocker, 'feedback.jsonl'))).length, 1);
  });

  it('does not throw on an unserialisable entry', async () => {
    const logged: string[] = [];
    const log = createFeedbackLog(path.join(dir, 'f.jsonl'), { log: lineLogger((line) => logged.push(line)) });
    const bad = entry(1) as FeedbackEntry & { toJSON?: unknown };
    bad.citations = { length: 1 } as unknown as string[];
    log.record(bad);
    (bad as { reaction: unknown }).reaction = 10n;
    log.record(bad);
    await log.flush();
    assert.equal(log.stats().written + log.stats().dropped, 2);
  });
});
