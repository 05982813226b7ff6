/**
 * The Teams surface with the real engine behind it: the index built from the shipped content folder,
 * the real bot and i18n texts, the Teams plugin on a real restify server, replies captured by the fake
 * Bot Framework connector. Checks what a Teams user actually sees for typical questions and commands.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type * as restify from 'restify';
import { createBot } from '../../../src/bot/createBot';
import type { FeedbackEntry } from '../../../src/bot/feedbackLog';
import { createTexts } from '../../../src/bot/i18n';
import type { ReindexReport } from '../../../src/bot/types';
import { createTeamsPlugin } from '../../../src/channels/teams/teamsPlugin';
import { loadCorpus } from '../../../src/core/loadCorpus';
import { buildIndex, type SearchIndex } from '../../../src/core/searchIndex';
import { buildServer } from '../../../src/server/buildServer';
import { ConnectorCall, FakeConnector, makeActivity, postActivity, startFakeConnector } from '../../helpers/fakeConnector';
import { lineLogger } from '../../../src/core/logger';

const texts = createTexts();
const { t } = texts;

const MDE_STORAGE_EN = 'https://learn.microsoft.com/en-us/microsoft-365/security/defender-endpoint/data-storage-privacy#data-storage-location';
const MDE_RETENTION_NL =
  'https://learn.microsoft.com/nl-nl/microsoft-365/security/defender-endpoint/data-storage-privacy#how-long-will-microsoft-store-my-data-what-is-microsofts-data-retention-policy';

/** The parts of a sent message activity these tests read. */
interface SentMessage {
  text?: string;
  locale?: string;
  summary?: string;
  attachments?: { contentType: string; content: { body: { text?: string }[]; actions?: { type: string; data: { action?: string; question: string } }[] } }[];
  entities?: { type: string; citation: { position: number; appearance: { url: string; name: string } }[] }[];
}

/** The text blocks of the message's Adaptive Card. */
function cardTexts(message: SentMessage): string[] {
  const card = message.attachments?.[0];
  assert.ok(card, 'the reply has a card');
  assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
  return card.content.body.map((b) => String(b.text));
}

/** `n → url` of the citation entity's claims. */
function citedUrls(message: SentMessage): Map<number, string> {
  const entity = message.entities?.find((e) => e.type === 'https://schema.org/Message');
  return new Map((entity?.citation ?? []).map((c) => [c.position, c.appearance.url]));
}

/** The distinct `[n]` markers of a text, in ascending order. */
function markers(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** Occurrences of `needle` in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The citation entity's positions are exactly the text's markers; the answer is said once (no card copy). */
function assertCitationsMatch(message: SentMessage): void {
  const text = String(message.text);
  const entity = message.entities?.find((e) => e.type === 'https://schema.org/Message');
  assert.ok(entity, 'the answer carries a citation entity');
  assert.deepEqual(entity.citation.map((c) => c.position), markers(text));
  const cards = JSON.stringify(message.attachments ?? []);
  assert.ok(!cards.includes(text.slice(0, 40)), 'no card repeats the answer');
}

describe('Teams surface with the real engine (real content, real server, fake connector)', function () {
  let index: SearchIndex;
  let server: restify.Server;
  let connector: FakeConnector;
  let url: string;
  let reindexCalls: number;
  const unanswered: FeedbackEntry[] = [];
  const logs: string[] = [];
  let conversations = 0;

  before(async () => {
    index = buildIndex(loadCorpus([path.resolve(__dirname, '../../../content')]));
    reindexCalls = 0;
    const bot = createBot({
      index: () => index,
      texts,
      isAdmin: (_surface, id) => id === 'admin-aad',
      reindex: async (): Promise<ReindexReport> => {
        reindexCalls += 1;
        return { ok: true, version: 'v2', documents: 4, passages: { nl: 1, en: 1 }, added: [], removed: [], changed: [], durationMs: 5, problems: [], coalesced: false };
      },
      reindexRunning: () => false,
    });
    connector = await startFakeConnector();
    const log = lineLogger((line: string) => logs.push(line));
    const feedbackLog = { record: async (entry: FeedbackEntry) => void unanswered.push(entry) };
    server = buildServer({ plugins: [createTeamsPlugin({ bot, auth: {}, texts, feedbackLog, log })], health: () => ({}), log });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });

  after(async () => {
    if (server) {
      // fetch keeps its connection alive: close it too, or the server (and mocha) waits for it.
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await connector?.close();
  });

  /** Sends one message in a fresh personal conversation; resolves with the messages the bot sent there. */
  async function ask(text: string, locale: string, from?: { id: string; name?: string; aadObjectId?: string }): Promise<{ id: string; messages: ConnectorCall[] }> {
    conversations += 1;
    const id = `engine-${conversations}`;
    const res = await postActivity(url, makeActivity({ serviceUrl: connector.url, conversationId: id, text, locale, ...(from ? { from } : {}) }));
    assert.equal(res.status, 200);
    return { id, messages: messagesIn(id) };
  }

  function messagesIn(conversationId: string): ConnectorCall[] {
    return connector.calls.filter((c) => c.conversationId === conversationId && c.activity.type === 'message');
  }

  it('answers "Where is my data stored?" with a card linking the Defender for Endpoint storage section', async () => {
    const { messages } = await ask('Where is my data stored?', 'en-US');
    assert.equal(messages.length, 1);
    const reply = messages[0].activity as SentMessage;
    assert.equal(reply.locale, 'en-US');
    assert.ok([...citedUrls(reply).values()].includes(MDE_STORAGE_EN), [...citedUrls(reply).values()].join('\n'));
    assert.match(String(reply.text), /\[1\]/);
    assert.ok(!String(reply.text).includes('https://'), 'the message text carries markers, not raw URLs');
    assertCitationsMatch(reply);
  });

  it('answers a Dutch question in Dutch, citing the Dutch page', async () => {
    const { messages } = await ask('Hoe lang bewaart Microsoft mijn gegevens?', 'nl-NL');
    const reply = messages[0].activity as SentMessage;
    assert.equal(reply.locale, 'nl-NL');
    assert.equal(citedUrls(reply).get(1), MDE_RETENTION_NL);
    // No product named: each product whose page answers may get a line, Defender for Endpoint's first.
    assert.match(String(reply.text), /^(Dat verschilt per product:\s+- \*\*Microsoft Defender for Endpoint\*\*: )?Gegevens worden standaard 180 dagen bewaard/);
    assert.equal(count(String(reply.text), 'Gegevens worden standaard 180 dagen bewaard'), 1);
    assertCitationsMatch(reply);
  });

  it('replies in Dutch with an English citation and the cross-language note when only English covers it', async () => {
    const { messages } = await ask('Wat is Customer Lockbox?', 'nl-NL');
    const reply = messages[0].activity as SentMessage;
    const text = String(reply.text);
    assert.ok(text.startsWith(`_${t('answer.otherLanguage', 'nl')}_\n\n`), 'the note is its own paragraph, before the quote');
    assert.match(text, /Customer Lockbox allows you to approve or reject the access request\. \[1\]/);
    assert.match(String(citedUrls(reply).get(1)), /^https:\/\/learn\.microsoft\.com\/en-us\/.+#customer-lockbox$/);
    // The note is said once in everything the message carries (text and cards).
    assert.equal(count(JSON.stringify(reply), 'Engelstalig'), 1);
    assertCitationsMatch(reply);
  });

  it('does not answer an out-of-scope question: it says so, suggests examples and logs the gap', async () => {
    const question = 'Hoe maak ik een pannenkoek?';
    const { messages } = await ask(question, 'nl-NL');
    const reply = messages[0].activity as SentMessage;
    assert.equal(reply.text, undefined, 'an abstention is the card alone');
    assert.ok(t('answer.notCovered', 'nl').startsWith(String(reply.summary)), 'the summary is the start of the abstention text');
    assert.ok(cardTexts(reply).includes(t('answer.notCovered', 'nl')));
    assert.equal(reply.entities, undefined, 'nothing cited');
    const body = cardTexts(reply);
    assert.ok(!body.includes('Bronnen'));
    assert.ok(body.includes(t('answer.suggestionsIntro', 'nl')));
    const actions = reply.attachments?.[0].content.actions ?? [];
    assert.deepEqual(actions.map((a) => a.data.question), texts.examples('nl'));
    for (const e of texts.examples('nl')) assert.equal(count(body.join('\n'), e), 0, 'suggestions are buttons only');
    const logged = unanswered.find((e) => e.question === question);
    assert.equal(logged?.kind, 'unanswered');
    assert.equal(logged?.surface, 'teams');
  });

  for (const [word, lang, locale] of [['help', 'en', 'en-US'], ['hulp', 'nl', 'nl-NL']] as const) {
    it(`answers "${word}" with the ${lang} help text and the example questions as buttons`, async () => {
      const { messages } = await ask(word, locale);
      const reply = messages[0].activity as SentMessage;
      const body = cardTexts(reply);
      assert.equal(body[0], t('help.text', lang));
      assert.equal(body.at(-1), t('help.examplesIntro', lang));
      const actions = reply.attachments?.[0].content.actions ?? [];
      assert.deepEqual(actions.map((a) => [a.type, a.data.action, a.data.question]), texts.examples(lang).map((e) => ['Action.Submit', 'ask', e]));
      // Each example is shown once: as a button, not also in the text.
      for (const e of texts.examples(lang)) assert.equal(count(body.join('\n'), e), 0);
    });
  }

  it('refuses "reindex" from a non-admin in plain text, without starting one', async () => {
    const before = reindexCalls;
    const { messages } = await ask('reindex', 'en-US', { id: 'user-2', name: 'Not Admin', aadObjectId: 'someone-else' });
    assert.equal(messages.length, 1);
    assert.equal(messages[0].activity.text, t('reindex.refused', 'en'));
    assert.equal(messages[0].activity.attachments, undefined);
    assert.equal(reindexCalls, before);
  });

  it('reindexes for the admin: "started" first, then a follow-up "done" report', async () => {
    const before = reindexCalls;
    const { id } = await ask('reindex', 'en-US', { id: 'admin-id', name: 'Admin', aadObjectId: 'admin-aad' });
    const started = t('reindex.started', 'en');
    const done = await connector.waitFor((c) => c.conversationId === id && c.activity.type === 'message' && c.activity.text !== started);
    assert.equal(reindexCalls, before + 1);
    assert.deepEqual(messagesIn(id).map((c) => c.activity.text), [started, done.activity.text]);
    assert.match(String(done.activity.text), /^Documentation reloaded in 0 s: 4 pages, 1 Dutch and 1 English passages\. Added: none\./);
    assert.ok(!logs.some((l) => l.startsWith('teams turn error')), logs.join('\n'));
  });
});
