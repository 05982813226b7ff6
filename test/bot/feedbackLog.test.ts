/**
 * Tests of the shared JSONL feedback log.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFeedbackLog, FeedbackEntry } from '../../src/bot/feedbackLog';
import { lineLogger } from '../../src/core/logger';

function entry(i: number, extra: Partial<FeedbackEntry> = {}): FeedbackEntry {
  return {
    at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
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

describe('createFeedbackLog', function () {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedback-log-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and appends one JSON object per line', async () => {
    const file = path.join(dir, 'a', 'b', 'feedback.jsonl');
    const log = createFeedbackLog(file);
    await log.record(entry(1));
    await log.record(entry(2, { kind: 'unanswered', reaction: undefined }));
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines.at(-1), '', 'file ends with a newline');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l) as FeedbackEntry);
    assert.deepEqual(parsed[0], entry(1));
    assert.equal(parsed[1].kind, 'unanswered');
    assert.equal('reaction' in parsed[1], false);
  });

  it('keeps call order and whole lines under concurrent writes', async () => {
    const file = path.join(dir, 'feedback.jsonl');
    const log = createFeedbackLog(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.record(entry(i, { comment: 'x'.repeat(5000) }))));
    const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as FeedbackEntry).userId), Array.from({ length: 50 }, (_, i) => `user-${i}`));
  });

  it('appends to an existing file instead of replacing it', async () => {
    const file = path.join(dir, 'feedback.jsonl');
    await fs.writeFile(file, '{"old":true}\n');
    await createFeedbackLog(file).record(entry(3));
    const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '{"old":true}');
  });

  it('never rejects on IO errors: it logs them and keeps working afterwards', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await fs.writeFile(blocker, 'file in the way');
    const logged: string[] = [];
    const log = createFeedbackLog(path.join(blocker, 'feedback.jsonl'), { log: lineLogger((line) => logged.push(line)) });
    await log.record(entry(1));
    await log.record(entry(2));
    assert.equal(logged.length, 2);
    assert.match(logged[0], /feedback log: could not write/);

    // Once the obstacle is gone the same log writes again.
    await fs.rm(blocker);
    await fs.mkdir(blocker);
    await log.record(entry(3));
    const lines = (await fs.readFile(path.join(blocker, 'feedback.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 1);
  });

  it('does not reject on an unserialisable entry', async () => {
    const logged: string[] = [];
    const log = createFeedbackLog(path.join(dir, 'f.jsonl'), { log: lineLogger((line) => logged.push(line)) });
    const bad = entry(1) as FeedbackEntry & { self?: unknown };
    bad.self = bad;
    await log.record(bad);
    assert.match(logged[0], /could not serialise/);
  });
});
