/**
 * End-to-end tests of the Slack surface over HTTP: request verification, the `/privacy` slash command, buttons
 * (share, 👍/👎) and Events API deliveries, on a real restify server with the Slack plugin and a fake Slack Web API.
 * Slack unreachable is in `slackPluginUnreachable.test.ts`; the share button and rate limits in `slackPluginShare.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { createTexts } from '../../../src/bot/i18n';
import { ACTION_DISLIKE, ACTION_LIKE, ACTION_SHARE } from '../../../src/channels/slack/renderBlocks';
import { startFakeSlackApi, type CapturedCall, type FakeSlackApi } from '../../helpers/fakeSlackApi';
import { nowSeconds, signSlack, signedHeaders } from '../../helpers/signSlack';
import { fakeBot } from './fakeSlackBot';
import { buttonClickBody, eventCallbackBody, slashCommandBody } from '../../helpers/slackBodies';
import {
  BOT_USER,
  buttonsOf,
  closeServer,
  FORM,
  JSON_TYPE,
  type Json,
  post,
  SECRET,
  signedPost,
  type SlackHarness,
  startSlackHarness,
  textsOf,
} from '../../helpers/slackHarness';
import { until } from '../../helpers/until';

const texts = createTexts();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function slashBody(fake: FakeSlackApi, text: string, responseId: string): string {
  return slashCommandBody(fake.responseUrl(responseId), text);
}

function actionBody(fake: FakeSlackApi, actionId: string, value: string, responseId: string): string {
  return buttonClickBody(fake.responseUrl(responseId), actionId, value);
}

describe('Slack plugin (real restify server, fake Slack API)', () => {
  let fake: FakeSlackApi;
  let h: SlackHarness<ReturnType<typeof fakeBot>>;

  before(async () => {
    fake = await startFakeSlackApi();
    h = await startSlackHarness(fakeBot(), { slackApiUrl: fake.apiUrl, timing: { commandDeadlineMs: 100 } });
  });
  after(async () => {
    if (h) await closeServer(h.server);
    await fake?.close();
  });

  describe('request verification', () => {
    it('rejects a wrong signature with 401 JSON and never runs the bot', async () => {
      const body = slashBody(fake, 'where?', 'bad');
      const before = h.bot.calls.length;
      const res = await post(h, body, { ...signedHeaders('wrong-secret', body, FORM) });
      assert.equal(res.status, 401);
      assert.equal(res.json?.ok, false);
      assert.equal(h.bot.calls.length, before);
    });

    it('rejects a timestamp older than 5 minutes with 401', async () => {
      const body = slashBody(fake, 'where?', 'old');
      const res = await post(h, body, signedHeaders(SECRET, body, FORM, nowSeconds() - 6 * 60));
      assert.equal(res.status, 401);
      assert.equal(res.json?.error, 'stale_timestamp');
    });

    it('rejects missing signature headers with 401', async () => {
      const body = slashBody(fake, 'where?', 'none');
      assert.equal((await post(h, body, { 'content-type': FORM })).status, 401);
      const ts = String(nowSeconds());
      assert.equal((await post(h, body, { 'content-type': FORM, 'x-slack-request-timestamp': ts })).status, 401);
      assert.equal((await post(h, body, { 'content-type': FORM, 'x-slack-signature': signSlack(SECRET, body, ts) })).status, 401);
    });

    it('answers url_verification with the challenge', async () => {
      const res = await signedPost(h, JSON.stringify({ token: 'x', challenge: 'ch4ll3nge', type: 'url_verification' }), JSON_TYPE);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { challenge: 'ch4ll3nge' });
    });
  });

  describe('slash command', () => {
    it('acks a signed form-encoded /privacy with ephemeral answer blocks, links and a share button', async () => {
      const res = await signedPost(h, slashBody(fake, 'where is my data stored?', 's1'), FORM);
      assert.equal(res.status, 200);
      assert.equal(res.json?.response_type, 'ephemeral');
      const texts = textsOf(res.json?.blocks).join('\n');
      assert.ok(texts.includes('<https://learn.example.com/defender#storage|Defender for Endpoint — Data storage>'), texts);
      assert.ok(texts.includes('<https://learn.example.com/purview#retention|Purview — Retention>'));
      assert.deepEqual(buttonsOf(res.json?.blocks).map((b) => b.action_id), [ACTION_SHARE, ACTION_LIKE, ACTION_DISLIKE]);
      assert.equal(typeof res.json?.text, 'string');
      assert.equal(h.bot.calls.at(-1)?.text, 'where is my data stored?');
      assert.equal(h.bot.calls.at(-1)?.surface, 'slack');
    });

    it('passes help, hulp and empty text to the bot and renders help', async () => {
      for (const text of ['help', 'hulp', '']) {
        const res = await signedPost(h, slashBody(fake, text, 'help'), FORM);
        assert.equal(res.status, 200);
        assert.equal(h.bot.calls.at(-1)?.text, text);
        assert.ok(textsOf(res.json?.blocks).some((t) => t.includes('Where is Defender data stored?')));
      }
    });

    it('renders a refusal as a section', async () => {
      const res = await signedPost(h, slashBody(fake, 'refuse me', 'ref'), FORM);
      assert.deepEqual(textsOf(res.json?.blocks), ['Not allowed.']);
    });

    it('acks reindex-started and posts reindex-done through the response_url', async () => {
      const res = await signedPost(h, slashBody(fake, 'reindex', 'rx'), FORM);
      assert.deepEqual(textsOf(res.json?.blocks), ['Reindex started.']);
      const done = await fake.waitFor((c) => c.path === '/response/rx');
      assert.equal(done.body.response_type, 'ephemeral');
      assert.deepEqual(textsOf(done.body.blocks), ['Reindex done: 3 documents.']);
    });

    it('acks a slow answer with a working message and delivers the answer via response_url', async () => {
      const res = await signedPost(h, slashBody(fake, 'slow question', 'slow'), FORM);
      assert.equal(res.json?.text, `${texts.t('slack.working', 'nl')} / ${texts.t('slack.working', 'en')}`);
      assert.match(String(res.json?.text), /^Even geduld, ik zoek het op… \/ One moment, looking it up…$/);
      const late = await fake.waitFor((c) => c.path === '/response/slow');
      assert.ok(textsOf(late.body.blocks).some((t) => t.includes('You asked: slow question')));
    });

    it('logs an unanswered question and shows suggestions', async () => {
      const res = await signedPost(h, slashBody(fake, 'what is the weather?', 'wx'), FORM);
      assert.ok(textsOf(res.json?.blocks)[0].includes('Where is Purview data stored?'));
      await until(() => h.feedback.some((f) => f.kind === 'unanswered' && f.question === 'what is the weather?'), 3000, 'the unanswered question recorded');
    });

    it('never echoes <!channel> unescaped, in the ack or in shared posts', async () => {
      // A real broadcast is not part of the question: the bot never sees it.
      const broadcast = await signedPost(h, slashBody(fake, '<!channel> where is my data stored?', 'esc0'), FORM);
      assert.ok(!broadcast.text.includes('<!channel>') && !broadcast.text.includes('!channel'), broadcast.text);
      // Typed as text, Slack sends it entity-encoded; decoded for the bot, it must come back escaped.
      const res = await signedPost(h, slashBody(fake, '&lt;!channel&gt; where is my data stored?', 'esc'), FORM);
      assert.ok(!res.text.includes('<!channel>'), res.text);
      assert.ok(res.text.includes('&lt;!channel&gt;'));
      const share = buttonsOf(res.json?.blocks).find((b) => b.action_id === ACTION_SHARE);
      await signedPost(h, actionBody(fake, ACTION_SHARE, String(share?.value), 'esc-share'), FORM);
      const posted = await fake.waitFor((c) => c.path === '/response/esc-share' && c.body.response_type === 'in_channel');
      assert.ok(!JSON.stringify(posted.body).includes('<!channel>'));
      assert.ok(!JSON.stringify(fake.calls).includes('<!channel>'));
    });
  });

  describe('interactivity', () => {
    it('shares the same answer in the channel via response_url and removes the ephemeral', async () => {
      const res = await signedPost(h, slashBody(fake, 'where is my data stored?', 's2'), FORM);
      const share = buttonsOf(res.json?.blocks).find((b) => b.action_id === ACTION_SHARE);
      assert.ok(share?.value);
      const click = await signedPost(h, actionBody(fake, ACTION_SHARE, share.value, 'share1'), FORM);
      assert.equal(click.status, 200);
      const posted = await fake.waitFor((c) => c.path === '/response/share1' && c.body.response_type === 'in_channel');
      const texts = textsOf(posted.body.blocks);
      assert.ok(texts[0].startsWith('Shared by <@UASK1>'), texts[0]);
      const original = textsOf(res.json?.blocks).filter((t) => !t.startsWith('Shared by'));
      for (const t of original) assert.ok(texts.includes(t), `shared copy misses: ${t}`);
      assert.ok(!buttonsOf(posted.body.blocks).some((b) => b.action_id === ACTION_SHARE));
      await fake.waitFor((c) => c.path === '/response/share1' && c.body.delete_original === true);
    });

    it('records 👍 feedback with what the signed button value carries: answer id, question, language, top citation', async () => {
      const res = await signedPost(h, slashBody(fake, 'where are keys kept?', 's3'), FORM);
      const like = buttonsOf(res.json?.blocks).find((b) => b.action_id === ACTION_LIKE);
      const click = await signedPost(h, actionBody(fake, ACTION_LIKE, String(like?.value), 'fb1'), FORM);
      assert.equal(click.status, 200);
      await until(() => h.feedback.some((f) => f.kind === 'feedback' && f.question === 'where are keys kept?'), 3000, 'the 👍 recorded');
      const entry = h.feedback.find((f) => f.question === 'where are keys kept?' && f.kind === 'feedback');
      assert.equal(entry?.reaction, 'like');
      assert.equal(entry?.surface, 'slack');
      assert.equal(entry?.userId, 'UASK1');
      assert.equal(entry?.language, 'en');
      assert.match(String(entry?.answerId), /^[A-Za-z0-9_-]{12}$/);
      assert.deepEqual(entry?.citations, ['https://learn.example.com/defender#storage']);
      const dislike = buttonsOf(res.json?.blocks).find((b) => b.action_id === ACTION_DISLIKE);
      assert.equal(dislike?.value, like?.value, 'one token per answer');
      assert.ok(String(like?.value).length < 2000, 'within Slack\'s button value limit');
      const thanks = await fake.waitFor((c) => c.path === '/response/fb1');
      assert.equal(thanks.body.replace_original, false);
      assert.equal(thanks.body.text, 'Thanks for your feedback!');
    });

    it('records feedback given after a restart (a new plugin with the same key), and refuses a forged value', async () => {
      const key = 'slack-test-signing-key-0123';
      const first = await startSlackHarness(fakeBot(), { slackApiUrl: fake.apiUrl, feedbackSigningKey: key });
      let value: string;
      try {
        const res = await signedPost(first, slashBody(fake, 'where is the audit log kept?', 'rs1'), FORM);
        value = String(buttonsOf(res.json?.blocks).find((b) => b.action_id === ACTION_LIKE)?.value);
      } finally {
        await closeServer(first.server);
      }
      const second = await startSlackHarness(fakeBot(), { slackApiUrl: fake.apiUrl, feedbackSigningKey: key });
      try {
        await signedPost(second, actionBody(fake, ACTION_DISLIKE, value, 'rs2'), FORM);
        await until(() => second.feedback.some((f) => f.kind === 'feedback'), 3000, 'the feedback after the restart recorded');
        const entry = second.feedback.find((f) => f.kind === 'feedback');
        assert.equal(entry?.question, 'where is the audit log kept?');
        assert.equal(entry?.reaction, 'dislike');
        // The same payload re-signed with another key, or altered, is not recorded.
        const [payload] = value.split('.');
        const forged = `${Buffer.from(JSON.stringify({ i: 'x', q: 'forged words', l: 'en' })).toString('base64url')}.${value.split('.')[1]}`;
        for (const [bad, id] of [[forged, 'rs3'], [`${payload}.AAAA`, 'rs4']] as const) {
          await signedPost(second, actionBody(fake, ACTION_LIKE, bad, id), FORM);
          const notice = await fake.waitFor((c) => c.path === `/response/${id}`);
          assert.match(String(notice.body.text), /no longer available/);
        }
        assert.equal(second.feedback.filter((f) => f.kind === 'feedback').length, 1);
      } finally {
        await closeServer(second.server);
      }
    });

    it('answers an unknown button value with an "expired" notice', async () => {
      await signedPost(h, actionBody(fake, ACTION_DISLIKE, 'en:unknownkey', 'fb2'), FORM);
      const notice = await fake.waitFor((c) => c.path === '/response/fb2');
      assert.match(String(notice.body.text), /no longer available/);
      await signedPost(h, actionBody(fake, ACTION_LIKE, 'not-our-value', 'fb3'), FORM);
      const both = await fake.waitFor((c) => c.path === '/response/fb3');
      assert.equal(both.body.text, `${texts.t('slack.expired', 'nl')} / ${texts.t('slack.expired', 'en')}`);
      assert.match(String(both.body.text), /niet meer beschikbaar.*no longer available/);
    });
  });

  describe('events', () => {
    const postsIn = (channel: string): CapturedCall[] => fake.postMessages().filter((c) => c.body.channel === channel);

    it('answers an app_mention in the thread, without the bot mention in the question', async () => {
      const res = await signedPost(h, eventCallbackBody('EvM1', { type: 'app_mention', user: 'UASK1', text: `<@${BOT_USER}> where is my data stored?`, ts: '1700000000.000200', channel: 'CM1', event_ts: '1700000000.000200' }), JSON_TYPE);
      assert.equal(res.status, 200);
      const call = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CM1');
      assert.equal(call.body.thread_ts, '1700000000.000200');
      assert.equal(call.authorization, 'Bearer xoxb-test');
      assert.ok(h.bot.calls.some((m) => m.text === 'where is my data stored?' && m.userId === 'UASK1'));
      assert.ok(textsOf(call.body.blocks).some((t) => t.includes('Data is stored in the EU')));
    });

    it('answers a mention inside a thread in that thread', async () => {
      await signedPost(h, eventCallbackBody('EvM2', { type: 'app_mention', user: 'UASK1', text: `<@${BOT_USER}> and keys?`, ts: '1700000000.000400', thread_ts: '1700000000.000300', channel: 'CM2' }), JSON_TYPE);
      const call = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CM2');
      assert.equal(call.body.thread_ts, '1700000000.000300');
    });

    it('answers a direct message in the DM', async () => {
      await signedPost(h, eventCallbackBody('EvD1', { type: 'message', channel_type: 'im', user: 'UASK1', text: 'where is purview data?', ts: '1700000000.000500', channel: 'DM1' }), JSON_TYPE);
      const call = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DM1');
      assert.equal(call.body.thread_ts, undefined);
      assert.ok(h.bot.calls.some((m) => m.text === 'where is purview data?'));
    });

    it('posts a follow-up only after the reply it follows, however fast it comes', async () => {
      await signedPost(h, eventCallbackBody('EvF1', { type: 'app_mention', user: 'UASK1', text: `<@${BOT_USER}> reindex now`, ts: '1700000000.000550', channel: 'CF1' }), JSON_TYPE);
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CF1' && c.body.text === 'Reindex done: 3 documents.');
      assert.deepEqual(postsIn('CF1').map((c) => c.body.text), ['Reindex started.', 'Reindex done: 3 documents.']);
    });

    it('ignores bot messages, edits, deletes and joins', async () => {
      const asked = h.bot.calls.length;
      const ignored: Json[] = [
        { type: 'message', channel_type: 'im', bot_id: 'BOTHER', text: 'from a bot', ts: '1.1', channel: 'DIGN' },
        { type: 'message', channel_type: 'im', subtype: 'bot_message', bot_id: 'BBOT1', text: 'own', ts: '1.2', channel: 'DIGN' },
        { type: 'message', channel_type: 'im', subtype: 'message_changed', message: { text: 'edited', user: 'UASK1' }, ts: '1.3', channel: 'DIGN' },
        { type: 'message', channel_type: 'im', subtype: 'message_deleted', ts: '1.4', channel: 'DIGN' },
        { type: 'message', channel_type: 'channel', subtype: 'channel_join', user: 'UASK1', text: 'joined', ts: '1.5', channel: 'DIGN' },
        { type: 'message', channel_type: 'channel', user: 'UASK1', text: 'plain channel chatter', ts: '1.6', channel: 'DIGN' },
      ];
      for (const [i, event] of ignored.entries()) assert.equal((await signedPost(h, eventCallbackBody(`EvIgn${i}`, event), JSON_TYPE)).status, 200);
      await sleep(200);
      assert.equal(h.bot.calls.length, asked);
      assert.equal(postsIn('DIGN').length, 0);
    });

    it('answers a retried delivery (X-Slack-Retry-Num, same event_id) exactly once', async () => {
      const body = eventCallbackBody('EvR1', { type: 'app_mention', user: 'UASK1', text: `<@${BOT_USER}> retry?`, ts: '1700000000.000600', channel: 'CR1' });
      const [first, retry] = await Promise.all([
        signedPost(h, body, JSON_TYPE),
        sleep(5).then(() => signedPost(h, body, JSON_TYPE, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })),
      ]);
      assert.equal(first.status, 200);
      assert.equal(retry.status, 200);
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CR1');
      await signedPost(h, body, JSON_TYPE, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
      await sleep(200);
      assert.equal(postsIn('CR1').length, 1);
    });
  });

  it('logged no listener or Bolt errors along the way, and no user text', () => {
    assert.deepEqual(h.logs.filter((l) => /listener error|\(bolt\) error|processing failed/.test(l)), []);
    assert.ok(!h.logs.some((l) => l.includes('where is my data stored')), 'questions stay out of the operational log');
    assert.ok(!fake.calls.some((c) => c.method === 'auth.test'), 'no Slack call at start-up');
  });
});
