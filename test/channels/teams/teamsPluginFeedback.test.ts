/**
 * End-to-end tests of 👍/👎 feedback on the Teams surface: clicks on the answer card's signed buttons (also after a
 * restart, and tampered with) and Teams' built-in feedback invoke, on a real restify server with the Teams plugin,
 * replies captured by a loopback fake Bot Framework connector. The rest of the surface is in `teamsPlugin.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { createTexts } from '../../../src/bot/i18n';
import { FakeConnector, makeActivity, messagesIn, postActivity, startFakeConnector } from '../../helpers/fakeConnector';
import { readJsonl, startTeamsHarness, TeamsHarness } from '../../helpers/teamsHarness';
import { createFakeBot, FakeBot } from './fakeBot';

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

  it('stores a 👍/👎 click with what its signed data carries, and thanks in the answer language', async () => {
    await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'fb-1', locale: 'nl-NL', text: 'Waar worden mijn gegevens opgeslagen?' }));
    const [answer] = messagesIn(connector, 'fb-1');
    const dislike = (answer.activity.attachments as { content: { actions: { data: Record<string, string> }[] } }[])[0].content.actions[1].data;
    const click = makeActivity({ serviceUrl: connector.url, conversationId: 'fb-1', replyToId: answer.returnedId, value: dislike });
    assert.equal((await postActivity(h.url, click)).status, 200);
    await h.flushLog();
    const entries = await readJsonl(h.logFile);
    const fb = entries.find((e) => e.kind === 'feedback' && e.replyToId === answer.returnedId);
    assert.ok(fb);
    assert.equal(fb.reaction, 'dislike');
    assert.equal(fb.question, 'Waar worden mijn gegevens opgeslagen?');
    assert.equal(fb.language, 'nl');
    assert.match(String(fb.answerId), /^[A-Za-z0-9_-]{12}$/);
    assert.deepEqual(fb.citations, ['https://learn.microsoft.com/defender-endpoint/data-storage-privacy#where-is-my-data-stored']);
    assert.ok(!Number.isNaN(Date.parse(fb.at)));
    const thanks = messagesIn(connector, 'fb-1').at(-1);
    assert.equal(thanks?.activity.text, 'Bedankt voor je feedback!');
    assert.equal(h.bot.received.filter((m) => m.conversationId === 'fb-1').length, 1, 'a click is not a question');
  });

  it('does not record a click whose data was tampered with', async () => {
    await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'fb-3', text: 'Where is my data stored?' }));
    const [answer] = messagesIn(connector, 'fb-3');
    const like = (answer.activity.attachments as { content: { actions: { data: Record<string, string> }[] } }[])[0].content.actions[0].data;
    const [, sig] = like.ref.split('.');
    const forged = `${Buffer.from(JSON.stringify({ i: 'x', q: 'words never asked', l: 'en' })).toString('base64url')}.${sig}`;
    await postActivity(h.url, makeActivity({ serviceUrl: connector.url, conversationId: 'fb-3', value: { ...like, ref: forged } }));
    const entries = await fs.readFile(h.logFile, 'utf8');
    assert.ok(!entries.includes('words never asked'));
    assert.ok(h.logs.some((l) => l.includes('invalid signature')));
    assert.equal(messagesIn(connector, 'fb-3').at(-1)?.activity.text, createTexts().t('card.feedbackExpired', 'en'));
  });

  it('records feedback given after a restart: a new plugin instance with the same key, nothing remembered', async () => {
    const key = 'teams-test-signing-key-0123';
    const first = await startTeamsHarness(createFakeBot(), {}, { feedbackSigningKey: key });
    let data: Record<string, string>;
    try {
      await postActivity(first.url, makeActivity({ serviceUrl: connector.url, conversationId: 'restart-1', text: 'Where is my data stored?' }));
      const [answer] = messagesIn(connector, 'restart-1');
      data = (answer.activity.attachments as { content: { actions: { data: Record<string, string> }[] } }[])[0].content.actions[0].data;
    } finally {
      await first.stop();
    }
    const second = await startTeamsHarness(createFakeBot(), {}, { feedbackSigningKey: key });
    try {
      assert.equal((await postActivity(second.url, makeActivity({ serviceUrl: connector.url, conversationId: 'restart-1', value: data }))).status, 200);
      await second.flushLog();
      const [fb] = await readJsonl(second.logFile);
      assert.equal(fb.kind, 'feedback');
      assert.equal(fb.reaction, 'like');
      assert.equal(fb.question, 'Where is my data stored?');
      assert.equal(fb.language, 'en');
    } finally {
      await second.stop();
    }
  });

  it('still records Teams\' built-in feedback invoke (200, empty body) with its replyToId', async () => {
    const invoke = makeActivity({
      serviceUrl: connector.url,
      type: 'invoke',
      name: 'message/submitAction',
      conversationId: 'fb-4',
      replyToId: 'built-in-id',
      value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'Too vague' }) } },
    });
    const res = await postActivity(h.url, invoke);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    await h.flushLog();
    const fb = (await readJsonl(h.logFile)).find((e) => e.replyToId === 'built-in-id');
    assert.equal(fb?.comment, 'Too vague');
    assert.equal(fb?.reaction, 'dislike');
  });

  it('stores feedback for an unknown message with its replyToId only', async () => {
    const invoke = makeActivity({
      serviceUrl: connector.url,
      type: 'invoke',
      name: 'message/submitAction',
      conversationId: 'fb-2',
      replyToId: 'forgotten-id',
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } },
    });
    const res = await postActivity(h.url, invoke);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    await h.flushLog();
    const fb = (await readJsonl(h.logFile)).find((e) => e.replyToId === 'forgotten-id');
    assert.ok(fb);
    assert.equal(fb.reaction, 'like');
    assert.equal(fb.question, '');
    assert.equal(fb.comment, undefined);
  });
});
