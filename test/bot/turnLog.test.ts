import { strict as assert } from 'node:assert';
import { loggableText, withTurnLog } from '../../src/bot/turnLog';
import type { Bot, BotReply } from '../../src/bot/types';
import { recordingLogger } from '../../src/core/logger';

const reply: BotReply = {
  kind: 'answer',
  language: 'nl',
  answer: { question: 'q', language: 'nl', answered: true, lines: [], seeAlso: [], citations: [{ n: 1, title: 'T', section: 'S', url: 'https://x/#a', language: 'nl', docId: 'd', anchor: 'a' }], crossLanguage: false, suggestions: [] },
};
const bot: Bot = { welcome: () => ({ kind: 'welcome', language: 'en', text: 'w', examples: [] }), handle: async () => reply };
const QUESTION = 'Waar worden mijn gegevens opgeslagen?';

describe('turnLog', () => {
  it('logs one info line per turn with the reply facts and no question text by default', async () => {
    const log = recordingLogger();
    await withTurnLog(bot, log).handle({ surface: 'teams', text: QUESTION, userId: 'u' });
    assert.equal(log.records.length, 1);
    const [r] = log.records;
    assert.deepEqual({ ...r, ms: typeof r.ms }, { surface: 'teams', kind: 'answer', language: 'nl', answered: true, citations: 1, chars: QUESTION.length, ms: 'number', level: 'info', msg: 'turn' });
    assert.doesNotMatch(JSON.stringify(log.records), /gegevens/);
  });

  it('writes to the turn logger from the hooks (with the adapter ids) when given', async () => {
    const log = recordingLogger();
    await withTurnLog(bot, log).handle({ surface: 'slack', text: 'x', userId: 'u' }, { log: log.child({ eventId: 'Ev1' }) });
    assert.equal(log.records[0].eventId, 'Ev1');
  });

  it('with questions on, carries the question capped and without control characters', async () => {
    const log = recordingLogger();
    const hostile = `line one\n{"level":"error"}\u001b[31m\u202e ${'x'.repeat(500)}`;
    await withTurnLog(bot, log, { questions: true }).handle({ surface: 'teams', text: hostile, userId: 'u' });
    const q = String(log.records[0].question);
    assert.ok(q.length <= 200);
    for (const c of ['\n', '\u001b', '\u202e']) assert.ok(!q.includes(c), JSON.stringify(c));
    assert.match(q, /^line one \{"level":"error"\} \[31m x+…$/);
    assert.equal(loggableText('  a\t\tb  '), 'a b');
  });
});
