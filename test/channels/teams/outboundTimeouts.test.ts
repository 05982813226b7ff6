/**
 * Outbound calls of the Teams surface are bounded: a connector that accepts connections and never
 * answers does not hold the inbound request (it is answered by the turn deadline) nor the sockets (each
 * call gives up after the outbound timeout), and the failure is logged once with a correlation id.
 * Without authentication, a non-loopback serviceUrl is refused before any outbound call.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTexts } from '../../../src/bot/i18n';
import { createTeamsPlugin } from '../../../src/channels/teams/teamsPlugin';
import { isLoopbackUrl } from '../../../src/channels/teams/loopbackUrl';
import { lineLogger } from '../../../src/core/logger';
import { buildServer } from '../../../src/server/buildServer';
import { createLogger } from '../../../src/server/createLogger';
import { makeActivity, postActivity } from '../../helpers/fakeConnector';
import { createFakeBot, type FakeBot } from './fakeBot';
import { eventually } from '../../helpers/eventually';

/** A connector that accepts every connection and request and never answers. */
async function startSilentConnector(): Promise<{ url: string; requests: () => number; openSockets: () => Promise<number>; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer(() => {
    requests += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    openSockets: () => new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Teams outbound calls (real server, silent connector)', function () {
  this.timeout(30_000);
  let bot: FakeBot;
  let logs: string[];
  let server: ReturnType<typeof buildServer>;
  let url: string;

  before(async () => {
    bot = createFakeBot();
    logs = [];
    const log = lineLogger((l) => logs.push(l));
    const plugin = createTeamsPlugin({ bot, auth: {}, texts: createTexts(), feedbackLog: { record: async () => undefined }, log, timeouts: { outboundMs: 500, turnMs: 1500 } });
    server = buildServer({ plugins: [plugin], health: () => ({}), log });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  after(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers every request although the connector never answers, frees the sockets, and logs each failure once', async () => {
    const connector = await startSilentConnector();
    try {
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => postActivity(url, makeActivity({ serviceUrl: connector.url, conversationId: `silent-${i}`, text: 'Where is my data stored?' }))),
      );
      console.log(`      20 turns against a silent connector answered in ${Math.round(performance.now() - started)} ms`);
      for (const res of results) assert.ok(res.status === 200 || res.status === 502, `status ${res.status} ${res.body}`);
      assert.ok(connector.requests() >= 20, `the typing indicators reached the connector (${connector.requests()})`);
      // Every call gave up: no socket stays open towards the connector.
      await eventually(async () => assert.equal(await connector.openSockets(), 0), 5000);
      for (let i = 0; i < 20; i += 1) {
        const lines = logs.filter((l) => l.includes(`"silent-${i}"`) && /"level":"(error|warn)"/.test(l));
        assert.equal(lines.length, 1, `one line for silent-${i}:\n${lines.join('\n')}`);
        assert.match(lines[0], /"correlationId":"[0-9a-f-]{36}"/);
      }
    } finally {
      await connector.close();
    }
  });

  it('refuses a serviceUrl that is not loopback with 400 before any outbound call (unauthenticated mode)', async () => {
    const before = bot.received.length;
    for (const serviceUrl of ['http://10.0.0.1:9', 'https://smba.trafficmanager.net/emea/', 'http://169.254.169.254/latest', 'http://127.0.0.1.nip.io/', 'http://user:pw@127.0.0.1/']) {
      const res = await postActivity(url, makeActivity({ serviceUrl, text: 'Where is my data stored?' }));
      assert.equal(res.status, 400, `${serviceUrl}: ${res.status}`);
      assert.match((JSON.parse(res.body) as { message: string }).message, /loopback/);
    }
    assert.equal(bot.received.length, before);
  });

  it('knows loopback URLs', () => {
    for (const u of ['http://127.0.0.1:3978', 'http://localhost/x', 'https://[::1]:8443/', 'http://127.1/', 'http://127.255.0.9/']) assert.equal(isLoopbackUrl(u), true, u);
    for (const u of ['http://10.0.0.1', 'http://0.0.0.0', 'http://[::ffff:10.0.0.1]/', 'file:///etc/passwd', 'http://localhost.evil.com', 'not a url', 42]) assert.equal(isLoopbackUrl(u), false, String(u));
  });
});

describe('Teams turn errors through the process logger (real pino, refused connector)', function () {
  this.timeout(30_000);

  it('answers 200 and logs the connector failure once when the connector refuses connections', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) });
    const plugin = createTeamsPlugin({ bot: createFakeBot(), auth: {}, texts: createTexts(), feedbackLog: { record: async () => undefined }, log, timeouts: { outboundMs: 500, turnMs: 20_000 } });
    const server = buildServer({ plugins: [plugin], health: () => ({}), log });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    // A port that was just free and is closed again: every connection to it is refused.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const refusedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
      const res = await postActivity(url, makeActivity({ serviceUrl: refusedUrl, conversationId: 'refused-1', text: 'Where is my data stored?' }));
      assert.equal(res.status, 200, res.body);
      const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.level === 'error');
      assert.deepEqual(errors.map((r) => [r.msg, r.conversationId, r.connector]), [['teams turn error', 'refused-1', true]]);
    } finally {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
