/**
 * The Slack share button (posts once, again after a failed post, only for the asker, control characters stripped) and posting under
 * Slack rate limits (bounded wait and queue), on a real restify server with a fake Slack Web API.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { createTexts } from '../../../src/bot/i18n';
import { buildServer } from '../../../src/server/buildServer';
import { createSlackPlugin, type SlackPluginOptions } from '../../../src/channels/slack/slackPlugin';
import { ACTION_SHARE } from '../../../src/channels/slack/renderBlocks';
import { startFakeSlackApi, type FakeSlackApi } from '../../helpers/fakeSlackApi';
import { nowSeconds, signedHeaders } from '../../helpers/signSlack';
import { fakeBot } from './fakeSlackBot';
import { lineLogger } from '../../../src/core/logger';
import { buttonClickBody } from '../../helpers/slackBodies';

const SECRET = 'test-signing-secret';
const FORM = 'application/x-www-form-urlencoded';
const texts = createTexts();
type Block = { type: string; text?: { text: string }; elements?: { text?: unknown; action_id?: string; value?: string }[] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Harness {
  server: restify.Server;
  base: string;
  logs: string[];
}

async function startHarness(over: Partial<SlackPluginOptions>): Promise<Harness> {
  const logs: string[] = [];
  const plugin = createSlackPlugin({
    bot: fakeBot(),
    texts,
    signingSecret: SECRET,
    botToken: 'xoxb-test',
    botUserId: 'UBOT1',
    botId: 'BBOT1',
    slackApiRetries: 0,
    feedbackLog: { record: () => undefined },
    log: lineLogger((line) => logs.push(line)),
    ...over,
  });
  const server = buildServer({ plugins: [plugin], health: () => ({}), log: lineLogger((line) => logs.push(line)) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs };
}

async function stop(h: Harness | undefined): Promise<void> {
  if (!h) return;
  h.server.server.closeAllConnections();
  await new Promise<void>((resolve) => h.server.close(() => resolve()));
}

async function signedPost(h: Harness, body: string, type: string): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const res = await fetch(`${h.base}/slack/events`, { method: 'POST', body, headers: signedHeaders(SECRET, body, type) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function slashBody(fake: FakeSlackApi, text: string, responseId: string, userId = 'UASK1'): string {
  return new URLSearchParams({
    token: 'x', team_id: 'T1', team_domain: 't', channel_id: 'C1', channel_name: 'general', user_id: userId, user_name: 'ann',
    command: '/privacy', text, api_app_id: 'A1', response_url: fake.responseUrl(responseId), trigger_id: 'tr1',
  }).toString();
}

function clickBody(fake: FakeSlackApi, value: string, responseId: string, userId = 'UASK1'): string {
  return buttonClickBody(fake.responseUrl(responseId), ACTION_SHARE, value, userId);
}

const shareValue = (blocks: unknown) =>
  String((blocks as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_SHARE)?.value);

const mention = (id: string, ts: string) =>
  JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: id, event_time: nowSeconds(), event: { type: 'app_mention', user: 'UASK1', text: '<@UBOT1> where?', ts, channel: 'CR1' } });

describe('Slack share button', () => {
  let fake: FakeSlackApi;
  let h: Harness;
  before(async () => {
    fake = await startFakeSlackApi();
    h = await startHarness({ slackApiUrl: fake.apiUrl });
  });
  after(async () => {
    await stop(h);
    await fake?.close();
  });

  it('posts once when one click is replayed three times; the replays are acknowledged', async () => {
    const res = await signedPost(h, slashBody(fake, 'where is my data stored?', 'once'), FORM);
    const body = clickBody(fake, shareValue(res.json?.blocks), 'once-share');
    const clicks = await Promise.all([1, 2, 3, 4].map(() => signedPost(h, body, FORM)));
    assert.deepEqual(clicks.map((c) => c.status), [200, 200, 200, 200]);
    await fake.waitFor((c) => c.path === '/response/once-share' && c.body.delete_original === true);
    await sleep(200);
    assert.equal(fake.responses('once-share').filter((c) => c.body.response_type === 'in_channel').length, 1, 'one public post');
  });

  it('gives the claim back when the post failed: the asker clicks again and it posts', async () => {
    const res = await signedPost(h, slashBody(fake, 'where is my data stored?', 'retry'), FORM);
    const body = clickBody(fake, shareValue(res.json?.blocks), 'retry-share');
    fake.failure = { method: 'response', status: 500, times: 1, path: '/response/retry-share' };
    try {
      await signedPost(h, body, FORM);
      for (let i = 0; i < 200 && !h.logs.some((l) => l.includes('released for another click')); i++) await sleep(10);
      assert.ok(h.logs.some((l) => l.includes('response_url post failed') && l.includes('"what":"share"')), 'the failed post is logged');
      assert.ok(h.logs.some((l) => l.includes('slack: share not posted, released for another click')), 'the claim is given back');
      assert.equal(fake.responses('retry-share').some((c) => c.body.delete_original === true), false, 'the original stays');
    } finally {
      fake.failure = undefined;
    }
    await signedPost(h, body, FORM);
    await fake.waitFor((c) => c.path === '/response/retry-share' && c.body.delete_original === true);
    assert.equal(fake.responses('retry-share').filter((c) => c.body.response_type === 'in_channel').length, 2, 'the failed post, then the one that went out');
  });

  it("refuses another user's click with an ephemeral note and posts nothing", async () => {
    const res = await signedPost(h, slashBody(fake, 'where is my data stored?', 'mine'), FORM);
    await signedPost(h, clickBody(fake, shareValue(res.json?.blocks), 'other-share', 'UOTHER9'), FORM);
    const note = await fake.waitFor((c) => c.path === '/response/other-share');
    assert.equal(note.body.response_type, 'ephemeral');
    assert.equal(note.body.text, texts.t('slack.shareNotYours', 'en'));
    await sleep(100);
    assert.equal(fake.responses('other-share').some((c) => c.body.response_type === 'in_channel'), false);
    // The asker still can.
    await signedPost(h, clickBody(fake, shareValue(res.json?.blocks), 'mine-share'), FORM);
    await fake.waitFor((c) => c.path === '/response/mine-share' && c.body.response_type === 'in_channel');
  });

  it('strips bidi and other control characters from the question in the shared header', async () => {
    const question = 'where\u202e is\u2066 my\u200f data\u0007 stored\u009b?';
    const res = await signedPost(h, slashBody(fake, question, 'bidi'), FORM);
    await signedPost(h, clickBody(fake, shareValue(res.json?.blocks), 'bidi-share'), FORM);
    const posted = await fake.waitFor((c) => c.path === '/response/bidi-share' && c.body.response_type === 'in_channel');
    const header = (posted.body.blocks as Block[]).find((b) => b.type === 'context');
    const text = JSON.stringify(header);
    assert.match(text, /where is my data stored\?/);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('Slack rate limits', () => {
  let fake: FakeSlackApi;
  let h: Harness;
  before(async () => {
    fake = await startFakeSlackApi();
    h = await startHarness({ slackApiUrl: fake.apiUrl, outbound: { maxWaitMs: 2000, maxPending: 3 } });
  });
  after(async () => {
    await stop(h);
    await fake?.close();
  });
  afterEach(() => (fake.rateLimit = undefined));

  it('a 429 with Retry-After: 600 gives the reply up at once with a log line, no retry, nothing parked', async () => {
    fake.rateLimit = { method: 'chat.postMessage', retryAfter: 600, times: 100 };
    const before = fake.postMessages().length;
    const started = Date.now();
    const res = await signedPost(h, mention('EvR1', '1.1'), 'application/json');
    assert.equal(res.status, 200);
    for (let i = 0; i < 200 && !h.logs.some((l) => l.includes('rate limited, post given up')); i++) await sleep(10);
    const line = h.logs.find((l) => l.includes('rate limited, post given up'));
    assert.ok(line, 'one log line says it was given up');
    assert.match(line, /"retryAfterMs":\d{6}/);
    assert.ok(Date.now() - started < 10_000, 'not waited out');
    // Further replies inside the 600 s are given up without even calling Slack.
    await signedPost(h, mention('EvR2', '1.2'), 'application/json');
    await sleep(200);
    assert.equal(fake.postMessages().length - before, 1, 'Slack was called once');
  });

  it('a short Retry-After is waited out and the reply is delivered', async () => {
    // A fresh plugin: the previous test left its outbox paused for 600 s.
    const h2 = await startHarness({ slackApiUrl: fake.apiUrl, outbound: { maxWaitMs: 2000, maxPending: 3 } });
    try {
      fake.rateLimit = { method: 'chat.postMessage', retryAfter: 1, times: 1 };
      const before = fake.postMessages().length;
      await signedPost(h2, mention('EvS1', '2.1'), 'application/json');
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CR1' && fake.postMessages().length - before === 2, 5000);
      await sleep(100);
      assert.equal(fake.postMessages().length - before, 2, 'one 429, then one delivered post');
    } finally {
      await stop(h2);
    }
  });

  it('bounds the posts waiting for a rate limit: beyond maxPending they are dropped, counted and logged', async () => {
    const h3 = await startHarness({ slackApiUrl: fake.apiUrl, outbound: { maxWaitMs: 2000, maxPending: 2 } });
    try {
      fake.rateLimit = { method: 'chat.postMessage', retryAfter: 1, times: 1 };
      await signedPost(h3, mention('EvP0', '3.0'), 'application/json');
      await sleep(150); // The first post has met the 429; the others now wait behind it.
      await Promise.all([1, 2, 3, 4, 5].map((i) => signedPost(h3, mention(`EvP${i}`, `3.${i}`), 'application/json')));
      for (let i = 0; i < 300 && !h3.logs.some((l) => l.includes('post dropped')); i++) await sleep(10);
      const line = h3.logs.find((l) => l.includes('too many posts waiting for a rate limit, post dropped'));
      assert.ok(line, 'a drop is logged');
      assert.equal(h3.logs.filter((l) => l.includes('post dropped')).length, 1, 'summarised, not one line per drop');
    } finally {
      await stop(h3);
    }
  });
});
