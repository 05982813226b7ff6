import { strict as assert } from 'node:assert';
import { reindexText, createBot } from '../../src/bot/createBot';
import type { BotReply, IncomingMessage, ReindexReport } from '../../src/bot/types';
import { realIndex, texts } from '../helpers/engine';
import { lineLogger } from '../../src/core/logger';

const report: ReindexReport = {
  ok: true, version: 'v2', documents: 4, passages: { nl: 59, en: 82 }, added: [], removed: [], changed: ['mtp-data-privacy'], durationMs: 1234, problems: [], coalesced: false,
};

function setup(overrides: Partial<Parameters<typeof createBot>[0]> = {}) {
  const logs: string[] = [];
  const calls: string[] = [];
  const bot = createBot({
    index: () => realIndex().index,
    texts,
    isAdmin: (surface, id) => surface === 'teams' && id === 'admin',
    reindex: async (req) => {
      calls.push(`${req.surface}:${req.who}`);
      return report;
    },
    reindexRunning: () => false,
    log: lineLogger((l) => logs.push(l)),
    ...overrides,
  });
  return { bot, logs, calls };
}

const msg = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({ surface: 'teams', text, userId: 'user', ...extra });

describe('createBot', () => {
  it('answers a question in the language it is asked in, whatever the client locale', async () => {
    const { bot } = setup();
    const nl = await bot.handle(msg('Waar worden mijn gegevens opgeslagen?', { localeHint: 'en-US' }));
    assert.equal(nl.kind, 'answer');
    assert.equal(nl.language, 'nl');
    const en = await bot.handle(msg('Where is my data stored?', { localeHint: 'nl-NL' }));
    assert.equal(en.language, 'en');
    assert.ok(en.kind === 'answer' && en.answer.citations.length > 0);
  });

  it('shows help for help, hulp, ? and an empty message, with examples in that language', async () => {
    const { bot } = setup();
    const hulp = await bot.handle(msg('hulp'));
    assert.equal(hulp.kind, 'help');
    assert.equal(hulp.language, 'nl');
    assert.ok(hulp.kind === 'help' && hulp.examples.includes('Waar worden mijn gegevens opgeslagen?'));
    assert.equal((await bot.handle(msg('Help!'))).language, 'en');
    assert.equal((await bot.handle(msg('  ', { localeHint: 'nl-NL' }))).kind, 'help');
    assert.equal((await bot.handle(msg('?', { localeHint: 'nl-NL' }))).language, 'nl');
  });

  it('welcomes in the client language', () => {
    const { bot } = setup();
    const w = bot.welcome('nl-NL');
    assert.equal(w.kind, 'welcome');
    assert.equal(w.language, 'nl');
    assert.equal(bot.welcome(undefined).language, 'en');
  });

  it('refuses reindex for a non-admin, politely and in their language, without starting one', async () => {
    const { bot, calls, logs } = setup();
    const r = await bot.handle(msg('reindex', { userId: 'someone', localeHint: 'nl-NL' }));
    assert.equal(r.kind, 'refusal');
    assert.match(r.kind === 'refusal' ? r.text : '', /alleen beheerders/);
    assert.deepEqual(calls, []);
    assert.ok(logs.some((l) => /^reindex refused .*"surface":"teams","user":"someone"/.test(l)));
    const slack = await bot.handle(msg('reindex', { surface: 'slack', userId: 'admin' }));
    assert.equal(slack.kind, 'refusal', 'admin ids are per surface');
  });

  it('starts a reindex for an admin and reports when it is done', async () => {
    const { bot, calls } = setup();
    const followUps: BotReply[] = [];
    const started = await bot.handle(msg('reindex', { userId: 'admin' }), { followUp: async (r) => void followUps.push(r) });
    assert.equal(started.kind, 'reindex-started');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, ['teams:admin']);
    assert.equal(followUps.length, 1);
    const done = followUps[0];
    assert.ok(done.kind === 'reindex-done');
    assert.match(done.text, /4 pages, 59 Dutch and 82 English passages/);
    assert.match(done.text, /Changed: mtp-data-privacy/);
  });

  it('reports a failed reindex with the file and reason', async () => {
    const { bot } = setup({ reindex: async () => ({ ...report, ok: false, problems: [{ file: 'content/x.md', reason: 'invalid YAML front matter' }] }) });
    const followUps: BotReply[] = [];
    await bot.handle(msg('herindexeer', { userId: 'admin' }), { followUp: async (r) => void followUps.push(r) });
    await new Promise((r) => setImmediate(r));
    assert.match(followUps[0].kind === 'reindex-done' ? followUps[0].text : '', /mislukt.*content\/x\.md: invalid YAML front matter/);
  });

  it('turns a failure inside the turn into a polite error with a logged correlation id', async () => {
    const { bot, logs } = setup({ index: () => { throw new Error('index exploded'); } });
    const r = await bot.handle(msg('Hoe lang worden mijn gegevens bewaard?', { localeHint: 'nl-NL' }));
    assert.equal(r.kind, 'error');
    assert.ok(r.kind === 'error');
    assert.match(r.text, new RegExp(`referentie ${r.correlationId}`));
    assert.ok(logs.some((l) => l.includes(r.correlationId) && l.includes('index exploded')));
  });
});

describe('reindex report numbers', () => {
  it('follow the locale through i18next number formatting (Dutch "0,9 s", "1.234")', () => {
    const report = { ok: true, version: 'v', documents: 1234, passages: { nl: 5600, en: 7 }, added: [], removed: [], changed: [], durationMs: 912, problems: [], coalesced: false };
    const nl = reindexText(report, texts, 'nl');
    assert.match(nl, /ingelezen in 0,9 s: 1\.234 pagina's, 5\.600 Nederlandse en 7 Engelse/);
    assert.match(reindexText(report, texts, 'en'), /reloaded in 0\.9 s: 1,234 pages, 5,600 Dutch/);
  });
});
