import { strict as assert } from 'node:assert';
import { createTexts } from '../../../src/bot/i18n';
import { createSlackPlugin, type SlackPlugin } from '../../../src/channels/slack/slackPlugin';
import { reconnectDelay, type ReconnectPolicy } from '../../../src/channels/slack/socketModeReceiver';
import { recordingLogger } from '../../../src/core/logger';
import { startFakeSlackApi, type CapturedCall, type FakeSlackApi } from '../../helpers/fakeSlackApi';
import { startFakeSocketMode, type FakeSocketMode } from '../../helpers/fakeSocketMode';
import { startRealApp, type RealApp } from '../../helpers/realApp';
import { fakeBot } from './fakeSlackBot';

const APP_TOKEN = 'xapp-1-test-app-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Block = { type: string };
const blockText = (blocks: unknown): string => JSON.stringify(blocks ?? []);

function slashEnvelope(id: string, text: string, responseUrl?: string): Record<string, unknown> {
  return {
    envelope_id: id,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      token: 'x', team_id: 'T1', team_domain: 't', channel_id: 'C1', channel_name: 'general', user_id: 'UASK1', user_name: 'ann',
      command: '/privacy', text, api_app_id: 'A1', trigger_id: 'tr1', ...(responseUrl ? { response_url: responseUrl } : {}),
    },
  };
}

function mentionEnvelope(id: string, eventId: string, text: string): Record<string, unknown> {
  return {
    envelope_id: id,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: '',
    payload: {
      token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', user: 'UASK1', text: `<@UBOT1> ${text}`, channel: 'C1', ts: `1700000000.${eventId.slice(-6).padStart(6, '0')}` },
    },
  };
}

describe('Slack Socket Mode (fake Slack on loopback)', () => {
  describe('the real app, SLACK_SOCKET_MODE configuration', () => {
    let socket: FakeSocketMode;
    let api: FakeSlackApi;
    let real: RealApp;

    before(async () => {
      socket = await startFakeSocketMode();
      api = await startFakeSlackApi({ 'apps.connections.open': () => ({ ok: true, url: socket.url }) });
      real = await startRealApp({
        slackApiUrl: api.apiUrl,
        configure: (c) => ({ ...c, slack: { botToken: 'xoxb-test', botUserId: 'UBOT1', socketMode: { appToken: APP_TOKEN }, apiUrl: api.apiUrl, adminIds: [] } }),
      });
      await real.app.connect();
    });
    after(async () => {
      await real?.stop();
      await socket?.close();
      await api?.close();
    });

    it('opens the connection with the app token at SLACK_API_URL, then the WebSocket it returned', () => {
      const open = api.calls.filter((c) => c.method === 'apps.connections.open');
      assert.equal(open.length, 1);
      assert.equal(open[0].authorization, `Bearer ${APP_TOKEN}`);
      assert.equal(socket.connections, 1);
      assert.ok(real.logs.some((l) => l.startsWith('slack socket mode: connected')), real.logs.join('\n'));
    });

    it('serves no HTTP route for Slack', async () => {
      const res = await fetch(`${real.base}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 404);
    });

    it('acks a /privacy envelope with its id and the cited Dutch answer as payload', async () => {
      await socket.send(slashEnvelope('env-slash-1', 'Waar worden mijn gegevens opgeslagen?', api.responseUrl('r1')));
      const ack = await socket.ackFor('env-slash-1');
      const payload = ack.payload ?? {};
      assert.equal(payload.response_type, 'ephemeral');
      const text = `${String(payload.text)} ${blockText(payload.blocks)}`;
      assert.match(text, /gegevens|opgeslagen/i, 'a Dutch answer');
      assert.match(text, /\[1\]/, 'a citation marker');
      assert.match(blockText(payload.blocks), /https:\/\/learn\.microsoft\.com\/nl-nl\/[^"\s]+#/, 'a link to the cited Dutch section');
      assert.equal(api.responses('r1').length, 0, 'the ack carried the answer; nothing went via response_url');
      const blocks = payload.blocks as Block[];
      assert.ok(blocks.some((b) => b.type === 'actions'), 'with its buttons');
      const turn = real.logs.find((l) => l.startsWith('turn ') && l.includes('"envelopeId":"env-slash-1"'));
      assert.ok(turn, 'the turn line carries the envelope id');
      assert.match(turn, /"triggerId":"tr1"/);
    });

    it('answers an app_mention envelope with chat.postMessage (bot token) and acks it; a redelivery is acked without a second answer', async () => {
      await socket.send(mentionEnvelope('env-ev-1', 'Ev000001', 'Where is my data stored?'));
      const ack = await socket.ackFor('env-ev-1');
      assert.deepEqual(ack.payload ?? {}, {});
      const post: CapturedCall = await api.waitFor((c) => c.method === 'chat.postMessage');
      assert.equal(post.authorization, 'Bearer xoxb-test');
      assert.match(blockText(post.body.blocks), /https:\/\/learn\.microsoft\.com\/en-us\//);
      await socket.send({ ...mentionEnvelope('env-ev-2', 'Ev000001', 'Where is my data stored?'), retry_attempt: 1, retry_reason: 'timeout' });
      await socket.ackFor('env-ev-2');
      await sleep(200);
      assert.equal(api.postMessages().length, 1);
      assert.ok(real.logs.some((l) => l.startsWith('slack: duplicate delivery') && l.includes('"envelopeId":"env-ev-2"')));
    });

    it('never logs the question or a token', () => {
      const all = real.logs.join('\n');
      assert.doesNotMatch(all, /Waar worden mijn gegevens/);
      assert.doesNotMatch(all, /xapp-1-test|xoxb-test/);
    });
  });

  describe('reconnects', () => {
    let socket: FakeSocketMode;
    let api: FakeSlackApi;
    let plugin: SlackPlugin | undefined;
    let failuresLeft = 0;
    let refusal: string | undefined;
    const log = recordingLogger();

    before(async () => {
      socket = await startFakeSocketMode();
      api = await startFakeSlackApi({
        'apps.connections.open': () => {
          if (refusal) return { ok: false, error: refusal };
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            return { ok: false, error: 'internal_error' };
          }
          return { ok: true, url: socket.url };
        },
      });
    });
    afterEach(async () => {
      await plugin?.stop();
      plugin = undefined;
      refusal = undefined;
      failuresLeft = 0;
      log.records.splice(0);
    });
    after(async () => {
      await socket?.close();
      await api?.close();
    });

    const start = (reconnect: ReconnectPolicy = { minDelayMs: 20, maxDelayMs: 80 }, extra: Record<string, number> = {}) => {
      plugin = createSlackPlugin({
        bot: fakeBot(),
        texts: createTexts(),
        botToken: 'xoxb-test',
        slackApiUrl: api.apiUrl,
        socketMode: { appToken: APP_TOKEN, reconnect, ...extra },
        feedbackLog: { record: async () => undefined },
        log,
      });
      return plugin.start();
    };
    const messages = (msg: string) => log.records.filter((r) => r.msg === msg);

    it('retries a failed connection opening with growing, logged delays', async () => {
      failuresLeft = 3;
      await start();
      const retries = messages('slack socket mode: connection failed, retrying');
      assert.equal(retries.length, 3);
      assert.deepEqual(retries.map((r) => r.attempt), [1, 2, 3]);
      assert.ok(retries.every((r) => r.level === 'warn' && r.err === 'internal_error'));
      assert.ok((retries[2].delayMs as number) > (retries[0].delayMs as number));
      assert.equal(messages('slack socket mode: connected')[0].attempt, 4);
    });

    it('reconnects after the server drops the connection', async () => {
      await start();
      const before = socket.connections;
      socket.dropAll();
      await socket.waitForConnections(before + 1);
      await sleep(100);
      assert.equal(messages('slack socket mode: disconnected, reconnecting').length, 1);
      assert.equal(messages('slack socket mode: connected').length, 2);
    });

    it('retries when Slack does not say hello within the timeout', async () => {
      socket.greet = false;
      try {
        const started = start({ minDelayMs: 20, maxDelayMs: 40 }, { helloTimeoutMs: 150 });
        await sleep(400);
        socket.greet = true;
        await started;
      } finally {
        socket.greet = true;
      }
      assert.ok(messages('slack socket mode: connection failed, retrying').some((r) => String(r.err).includes('no answer within 150 ms')));
    });

    it('stops retrying when the app token is refused', async () => {
      refusal = 'invalid_auth';
      await assert.rejects(start());
      assert.equal(messages('slack socket mode: the app token was refused, not retrying').length, 1);
      assert.equal(messages('slack socket mode: connection failed, retrying').length, 0);
    });

    it('gives up after maxAttempts', async () => {
      failuresLeft = 10;
      await assert.rejects(start({ minDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 }));
      assert.equal(messages('slack socket mode: connection failed, retrying').length, 2);
      assert.equal(messages('slack socket mode: giving up after repeated failures')[0].attempts, 3);
    });
  });

  it('reconnect delays double from the minimum and stay under the maximum', () => {
    const mid = () => 0.5; // no jitter
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((a) => reconnectDelay(a, { minDelayMs: 1000, maxDelayMs: 30_000 }, mid)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    for (let a = 1; a < 200; a++) {
      const d = reconnectDelay(a, {}, Math.random);
      assert.ok(d >= 800 && d <= 30_000, `attempt ${a}: ${d}`);
    }
  });
});
