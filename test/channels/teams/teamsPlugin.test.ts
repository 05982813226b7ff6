/**
 * End-to-end tests of the Teams surface: a real restify server with the Teams plugin, activities posted
 * like the Emulator does, replies captured by a loopback fake Bot Framework connector. The 👍/👎 feedback
 * tests are in `teamsPluginFeedback.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { userIdPolicy } from '../../../src/bot/pseudonymize';
import { createTexts } from '../../../src/bot/i18n';
import { errorTextFrom, turnErrorText } from '../../../src/channels/teams/teamsPlugin';
import {
  closedPortUrl,
  FakeConnector,
  makeActivity,
  messagesIn,
  postActivity,
  startFakeConnector,
} from '../../helpers/fakeConnector';
import { readJsonl, startTeamsHarness, TeamsHarness, TEST_USER_ID_KEY } from '../../helpers/teamsHarness';
import { createFakeBot, FakeBot } from './fakeBot';
import { eventually } from '../../helpers/eventually';

describe('Teams plugin (real server, fake connector)', function () {
  let h: TeamsHarness<FakeBot>;
  let connector: FakeConnector;

  before(async () => {
    connector = await startFakeConnector();
    h = await startTeamsHarness(createFakeBot());
  });
  after(async () => {
    await h?.stop();
    await connector?.close();
  });

  it('answers a personal-chat question once: markdown text with [n], the citation entity and a 👍/👎 card; no typing for a fast reply', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'personal-1', text: 'Where is my data stored?' });
    const res = await postActivity(h.url, activity);
    assert.equal(res.status, 200);

    const calls = connector.calls.filter((c) => c.conversationId === 'personal-1');
    assert.deepEqual(calls.map((c) => c.activity.type), ['message'], 'a fast reply sends no typing indicator');
    const reply = calls[0].activity as Record<string, unknown> & { attachments: { contentType: string; content: Record<string, unknown> & { actions: { type: string; data: Record<string, string> }[] } }[]; entities: { citation: { position: number }[] }[] };
    assert.equal(calls[0].replyToId, activity.id);

    const text = String(reply.text);
    assert.equal(text, 'Your data is stored in the region of your tenant. [1]\n\nSee also [2].', 'markers only, no raw URLs');
    assert.equal(JSON.stringify(reply).split('region of your tenant').length - 1, 3, 'the text, the citation abstract and the notification summary; no card copy');

    const entity = reply.entities[0] as Record<string, unknown> & { citation: { position: number }[] };
    assert.equal(entity.type, 'https://schema.org/Message');
    assert.equal(entity['@type'], 'Message');
    assert.equal(entity.additionalType, undefined, 'extractive answers are not marked AI generated');
    const positions = entity.citation.map((c) => c.position);
    const markers = [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    assert.deepEqual(positions, markers);
    assert.equal(entity['@context'], 'https://schema.org');
    const appearance = (entity.citation[0] as unknown as { appearance: Record<string, string> }).appearance;
    assert.equal(appearance['@type'], 'DigitalDocument');
    assert.equal(appearance.url, 'https://learn.microsoft.com/defender-endpoint/data-storage-privacy#where-is-my-data-stored');
    assert.ok(appearance.name.length <= 80 && appearance.name.startsWith('Microsoft Defender for Endpoint data storage and privacy — Where'));
    assert.equal(appearance.abstract, 'Your data is stored in the region of your tenant.');
    assert.equal(reply.channelData, undefined, 'our own feedback buttons, not also the built-in loop');

    const card = reply.attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(card.content.actions.map((a) => [a.type, a.data.action, a.data.reaction]), [
      ['Action.Submit', 'feedback', 'like'],
      ['Action.Submit', 'feedback', 'dislike'],
    ]);

    const received = h.bot.received.at(-1);
    assert.deepEqual(received, {
      surface: 'teams',
      text: 'Where is my data stored?',
      userId: 'aad-user-1',
      userName: 'Test User',
      localeHint: 'en-US',
      conversationId: 'personal-1',
    });
  });

  it('sends the typing indicator when the reply takes longer than a few hundred ms, before the answer', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'slow-1', text: 'Where is my data stored, slowly?' });
    assert.equal((await postActivity(h.url, activity)).status, 200);
    const calls = connector.calls.filter((c) => c.conversationId === 'slow-1');
    assert.deepEqual(calls.map((c) => c.activity.type), ['typing', 'message']);
    assert.equal(calls[0].replyToId, activity.id, 'typing is a reply to the question');
  });

  it('uses from.id as user id when there is no AAD object id', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'personal-2', text: 'hello there', from: { id: '29:abc' } });
    await postActivity(h.url, activity);
    assert.equal(h.bot.received.at(-1)?.userId, '29:abc');
  });

  it('answers in Dutch with the text once and the cross-language note once, in its own paragraph', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'nl-1', locale: 'nl-NL', text: 'Waar worden mijn gegevens opgeslagen?' });
    assert.equal((await postActivity(h.url, activity)).status, 200);
    const [reply] = messagesIn(connector, 'nl-1');
    const everything = JSON.stringify(reply.activity);
    const note = createTexts().t('answer.otherLanguage', 'nl');
    assert.equal(String(reply.activity.text), `_${note}_\n\nJe gegevens worden opgeslagen in de regio van je tenant. [1]\n\nZie ook [2].`);
    assert.equal(everything.split('Engelstalig').length - 1, 1, 'the note once');
    assert.equal(everything.split('Je gegevens worden opgeslagen').length - 1, 3, 'the text, the citation abstract and the notification summary only');
    assert.match(JSON.stringify(reply.activity.attachments), /Nuttig/);
    assert.equal(h.bot.received.at(-1)?.localeHint, 'nl-NL');
  });

  it('ignores a channel message that does not mention the bot', async () => {
    const before = h.bot.received.length;
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'channel-1', conversationType: 'channel', text: 'Where is my data stored?' });
    assert.equal((await postActivity(h.url, activity)).status, 200);
    assert.equal(h.bot.received.length, before);
    assert.equal(connector.calls.filter((c) => c.conversationId === 'channel-1').length, 0);
  });

  it('answers a channel message that mentions the bot, with only its own mention removed', async () => {
    const activity = makeActivity({
      serviceUrl: connector.url,
      conversationId: 'channel-2',
      conversationType: 'channel',
      text: '<at>Privacy Bot</at> where does <at>Jan</at> keep data?',
      entities: [
        { type: 'mention', text: '<at>Privacy Bot</at>', mentioned: { id: 'bot-id', name: 'Privacy Bot' } },
        { type: 'mention', text: '<at>Jan</at>', mentioned: { id: 'user-jan', name: 'Jan' } },
      ],
    });
    assert.equal((await postActivity(h.url, activity)).status, 200);
    assert.equal(h.bot.received.at(-1)?.text, 'where does Jan keep data?');
    assert.equal(messagesIn(connector, 'channel-2').length, 1);
  });

  it('ignores a group chat message that only mentions someone else', async () => {
    const before = h.bot.received.length;
    const activity = makeActivity({
      serviceUrl: connector.url,
      conversationId: 'group-1',
      conversationType: 'groupChat',
      text: '<at>Jan</at> where is data stored?',
      entities: [{ type: 'mention', text: '<at>Jan</at>', mentioned: { id: 'user-jan', name: 'Jan' } }],
    });
    await postActivity(h.url, activity);
    assert.equal(h.bot.received.length, before);
  });

  it('welcomes when the bot itself is added, and not when another member joins', async () => {
    const added = makeActivity({
      serviceUrl: connector.url,
      type: 'conversationUpdate',
      conversationId: 'welcome-1',
      locale: 'nl-NL',
      membersAdded: [{ id: 'bot-id' }],
    });
    assert.equal((await postActivity(h.url, added)).status, 200);
    assert.deepEqual(h.bot.welcomed, ['nl-NL']);
    const [welcome] = messagesIn(connector, 'welcome-1');
    assert.match(JSON.stringify(welcome.activity.attachments), /Welkom!/);

    const other = makeActivity({ serviceUrl: connector.url, type: 'conversationUpdate', conversationId: 'welcome-2', membersAdded: [{ id: 'user-2' }] });
    assert.equal((await postActivity(h.url, other)).status, 200);
    assert.equal(h.bot.welcomed.length, 1);
    assert.equal(connector.calls.filter((c) => c.conversationId === 'welcome-2').length, 0);
  });

  it('renders help as a card with each example once, as an Action.Submit button', async () => {
    await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'help-1', text: 'help' }));
    const [help] = messagesIn(connector, 'help-1');
    const card = (help.activity.attachments as { content: { body: { text: string }[]; actions: { type: string; data: { action: string; question: string } }[] } }[])[0].content;
    assert.deepEqual(card.actions.map((a) => [a.type, a.data]), [
      ['Action.Submit', { action: 'ask', question: 'Where is my data stored?' }],
      ['Action.Submit', { action: 'ask', question: 'How long is my data kept?' }],
    ]);
    const everything = JSON.stringify(help.activity);
    for (const example of ['Where is my data stored?', 'How long is my data kept?']) {
      // Once as the button title and once in its data; not also listed in the text or the summary.
      assert.equal(card.body.filter((b) => b.text.includes(example)).length, 0);
      assert.equal(String(help.activity.summary).includes(example), false);
      assert.ok(everything.split(example).length - 1 <= 3, 'title, data and the card fallback for non-card clients');
    }
  });

  it('answers a click on an example button (a message with value and no text) with a cited answer', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'click-1', value: { action: 'ask', question: 'How long is my data kept?' } });
    assert.equal((await postActivity(h.url, activity)).status, 200);
    assert.equal(h.bot.received.at(-1)?.text, 'How long is my data kept?');
    const [reply] = messagesIn(connector, 'click-1');
    assert.match(String(reply.activity.text), /\[1\]/);
    assert.ok((reply.activity.entities as unknown[]).length === 1, 'cited');
  });

  it('answers an example button click in a channel even without a mention', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'channel-3', conversationType: 'channel', value: { action: 'ask', question: 'How long is my data kept?' } });
    await postActivity(h.url, activity);
    assert.equal(h.bot.received.at(-1)?.text, 'How long is my data kept?');
    assert.equal(messagesIn(connector, 'channel-3').length, 1);
  });

  it('says so when the question is out of scope and logs it as unanswered', async () => {
    await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'oos-1', text: 'what is the weather?' }));
    const [reply] = messagesIn(connector, 'oos-1');
    assert.equal(reply.activity.text, undefined, 'an abstention is the card alone');
    assert.match(JSON.stringify(reply.activity.attachments), /I couldn't find this in the documentation/);
    assert.equal(reply.activity.entities, undefined, 'nothing cited, no citation entity');
    await h.flushLog();
    const entries = await readJsonl(h.logFile);
    const unanswered = entries.find((e) => e.kind === 'unanswered' && e.question === 'what is the weather?');
    assert.ok(unanswered);
    assert.equal(unanswered.surface, 'teams');
    assert.equal(unanswered.userId, userIdPolicy(TEST_USER_ID_KEY)('teams', 'aad-user-1'), 'the user id is stored as its HMAC');
  });

  it('turns a failing turn into a polite message with a logged correlation id, and keeps serving', async () => {
    const res = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'err-1', locale: 'nl-NL', text: 'boom' }));
    assert.equal(res.status, 200);
    const line = h.logs.find((l) => l.includes('engine exploded'));
    assert.ok(line, 'turn error logged');
    const id = /^teams turn error .*"correlationId":"([0-9a-f-]{36})"/.exec(line)?.[1];
    assert.ok(id, 'log line carries a UUID correlation id');
    const [apology] = messagesIn(connector, 'err-1');
    assert.equal(apology.activity.text, createTexts().t('error.turn', 'nl', { id }), 'the apology comes from the resources');
    assert.ok(String(apology.activity.text).includes(id));

    const next = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'err-2', text: 'Where is my data stored?' }));
    assert.equal(next.status, 200);
    assert.equal(messagesIn(connector, 'err-2').length, 1);
  });

  it('sends a follow-up after the turn ended through continueConversation (reindex started, then done)', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'reindex-1', text: 'reindex' });
    await postActivity(h.url, activity);
    const done = await connector.waitFor((c) => c.conversationId === 'reindex-1' && c.activity.text === 'Reindex done.');
    const calls = messagesIn(connector, 'reindex-1');
    assert.deepEqual(calls.map((c) => c.activity.text), ['Reindex started.', 'Reindex done.']);
    assert.equal(calls[0].replyToId, activity.id, '"started" is a reply within the turn');
    assert.notEqual(done.replyToId, activity.id, '"done" comes from a new (continued) turn');
    assert.equal(done.activity.type, 'message');
  });

  it('still answers when the channel rejects the typing indicator', async () => {
    const picky = await startFakeConnector({ statusFor: (a) => (a.type === 'typing' ? 400 : undefined) });
    try {
      const res = await postActivity(h.url, makeActivity({ serviceUrl: picky.url, conversationId: 'picky-1', text: 'Where is my data stored, slowly?' }));
      assert.equal(res.status, 200);
      assert.equal(messagesIn(picky, 'picky-1').length, 1);
      assert.ok(h.logs.some((l) => l.includes('typing indicator failed') && l.includes('"status":400')));
    } finally {
      await picky.close();
    }
  });

  it('logs an unreachable connector and keeps serving', async function () {
    // The connector client retries connection errors with back-off (about 11 s) before giving up.
    this.timeout(30000);
    const deadUrl = await closedPortUrl();
    const res = await postActivity(h.url, makeActivity({ serviceUrl: deadUrl, conversationId: 'dead-1', text: 'Where is my data stored?' }));
    assert.ok(res.status < 500, `status ${res.status}`);
    await eventually(() => assert.ok(h.logs.some((l) => l.includes('dead-1') && l.startsWith('teams turn error'))));
    const next = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'alive-1', text: 'Where is my data stored?' }));
    assert.equal(next.status, 200);
    assert.equal(messagesIn(connector, 'alive-1').length, 1);
  });
});

describe('Teams plugin authentication', function () {
  let h: TeamsHarness<FakeBot>;
  let connector: FakeConnector;

  const consoleError = console.error;
  before(async () => {
    // CloudAdapter prints every rejected request with console.error; keep the test output readable.
    console.error = () => {};
    connector = await startFakeConnector();
    h = await startTeamsHarness(createFakeBot(), { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-secret' });
  });
  after(async () => {
    console.error = consoleError;
    await h?.stop();
    await connector?.close();
  });

  it('rejects a call without Authorization header with 401 and never runs the bot', async () => {
    const res = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, text: 'Where is my data stored?' }));
    assert.equal(res.status, 401);
    assert.equal(h.bot.received.length, 0);
    assert.equal(connector.calls.length, 0);
  });

  it('rejects a malformed bearer token with 401', async () => {
    const res = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, text: 'hi' }), { authorization: 'Bearer not-a-jwt' });
    assert.equal(res.status, 401);
    assert.equal(h.bot.received.length, 0);
  });
});

describe('Teams turn error text', function () {
  it('speaks the client language, both languages for other locales, and uses the injected texts', () => {
    assert.match(turnErrorText('nl-BE', 'id-1'), /^Sorry, er ging iets mis.*id-1\)$/);
    assert.match(turnErrorText('en-GB', 'id-2'), /^Sorry, something went wrong.*id-2\)$/);
    const both = turnErrorText('de-DE', 'id-3');
    assert.match(both, /something went wrong/);
    assert.match(both, /er ging iets mis/);
    assert.equal(turnErrorText('nl-NL', 'x', (lang, id) => `${lang}:${id}`), 'nl:x');
    assert.equal(turnErrorText(undefined, 'x', (lang, id) => `${lang}:${id}`), 'en:x\n\nnl:x');
  });

  it('takes the apology from the resources, and falls back to the built-in text only when i18n fails', () => {
    const texts = createTexts();
    assert.equal(turnErrorText('nl-NL', 'id-4', errorTextFrom(texts)), texts.t('error.turn', 'nl', { id: 'id-4' }));
    const broken = { ...texts, t: () => { throw new Error('i18n down'); } };
    assert.match(turnErrorText('en-US', 'id-5', errorTextFrom(broken)), /^Sorry, something went wrong.*id-5\)$/);
    const missing = { ...texts, t: (key: string) => key };
    assert.match(turnErrorText('nl-NL', 'id-6', errorTextFrom(missing)), /^Sorry, er ging iets mis.*id-6\)$/);
  });
});
