import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createBot } from '../../src/bot/createBot';
import { realIndex, texts } from '../helpers/engine';

const dir = resolve(__dirname, '../../manifest');
const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { bots: { commandLists: { commands: { title: string }[] }[] }[] };
const nl = JSON.parse(readFileSync(resolve(dir, 'nl.json'), 'utf8')) as Record<string, string>;

describe('Teams command list', () => {
  const bot = createBot({ index: () => realIndex().index, texts, isAdmin: () => false, reindex: async () => { throw new Error('not in this test'); } });
  const titles = new Set([
    ...manifest.bots[0].commandLists.flatMap((l) => l.commands.map((c) => c.title)),
    ...Object.entries(nl).filter(([k]) => k.endsWith('.title')).map(([, v]) => v),
  ]);

  it('every command Teams offers (English and Dutch) does what it says', async () => {
    assert.ok(titles.size >= 6, [...titles].join(' | '));
    for (const title of titles) {
      const reply = await bot.handle({ surface: 'teams', text: title, userId: 'u' });
      if (/^(help|hulp)$/.test(title)) assert.equal(reply.kind, 'help', title);
      else if (title === 'reindex') assert.equal(reply.kind, 'refusal', title);
      else assert.ok(reply.kind === 'answer' && reply.answer.answered, `example "${title}" must be answered`);
    }
  });
});
