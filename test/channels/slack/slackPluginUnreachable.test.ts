/**
 * The Slack plugin when the Slack Web API cannot be reached: a failed `chat.postMessage` is logged and the server keeps
 * serving, and a slash command is acked empty at the deadline and answered via response_url. The rest of the Slack
 * surface over HTTP is in `slackPlugin.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { startFakeSlackApi, type FakeSlackApi } from '../../helpers/fakeSlackApi';
import { freePort } from '../../helpers/mainProcess';
import { fakeBot } from './fakeSlackBot';
import { eventCallbackBody, slashCommandBody } from '../../helpers/slackBodies';
import { BOT_USER, closeServer, FORM, JSON_TYPE, signedPost, type SlackHarness, startSlackHarness, textsOf } from '../../helpers/slackHarness';
import { until } from '../../helpers/until';

describe('Slack plugin with Slack unreachable', () => {
  let h: SlackHarness<ReturnType<typeof fakeBot>>;
  let fake: FakeSlackApi;

  before(async () => {
    fake = await startFakeSlackApi();
    const closedPort = await freePort();
    h = await startSlackHarness(fakeBot(), { slackApiUrl: `http://127.0.0.1:${closedPort}/api/`, timing: { ackTimeoutMs: 100, commandDeadlineMs: 1000 } });
  });
  after(async () => {
    if (h) await closeServer(h.server);
    await fake?.close();
  });

  it('logs a failed chat.postMessage and keeps serving', async () => {
    const res = await signedPost(h, eventCallbackBody('EvX1', { type: 'app_mention', user: 'UASK1', text: `<@${BOT_USER}> down?`, ts: '1.7', channel: 'CX1' }), JSON_TYPE);
    assert.equal(res.status, 200);
    await until(() => h.logs.some((l) => l.includes('chat.postMessage failed')), 3000, 'the failed chat.postMessage logged');
    const health = await fetch(`${h.base}/healthz`);
    assert.equal(health.status, 200);
    const again = await signedPost(h, JSON.stringify({ type: 'url_verification', challenge: 'still-up' }), JSON_TYPE);
    assert.deepEqual(again.json, { challenge: 'still-up' });
  });

  it('answers 200 empty at the ack deadline and still delivers the answer via response_url', async () => {
    const started = Date.now();
    const res = await signedPost(h, slashCommandBody(fake.responseUrl('late'), 'slow but fine'), FORM);
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.ok(Date.now() - started < 290, 'answered before the bot finished');
    const late = await fake.waitFor((c) => c.path === '/response/late');
    assert.ok(textsOf(late.body.blocks).some((t) => t.includes('You asked: slow but fine')));
  });
});
