/**
 * The composed app before and after its index is opened, on a real server on a free port: readiness,
 * liveness, the "starting up" reply, and the feedback log switch.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, StartupError, type App } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { recordingLogger } from '../src/core/logger';
import { eventually } from './helpers/eventually';
import { startFakeConnector, makeActivity, postActivity, type FakeConnector } from './helpers/fakeConnector';

const CONTENT = resolve(__dirname, '../content');

describe('createApp', () => {
  let dataDir: string;
  let app: App | undefined;
  let connector: FakeConnector;
  const config = (over: Partial<Config> = {}): Config => ({
    port: 0, host: '127.0.0.1', contentDirs: [CONTENT], dataDir, teams: { mode: 'local', appType: 'MultiTenant', adminIds: [] },
    outbound: { timeoutMs: 5000, teamsTurnMs: 12_000 }, allowUnauthenticatedRemote: false,
    reindex: { fetch: false, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 }, ...over,
  });
  const listen = async (a: App) => {
    await new Promise<void>((r) => a.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
  };
  before(async () => (connector = await startFakeConnector()));
  after(async () => connector.close());
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'privacy-bot-app-'))));
  afterEach(async () => {
    if (app) {
      app.stop();
      app.server.server.closeAllConnections();
      await new Promise<void>((r) => app?.server.close(() => r()));
      // A reindex an admin started, and the logs' last lines, may still be writing into the data folder.
      const running = app;
      await eventually(() => assert.equal(running.service.running(), false), 60_000);
      await running.flushLogs();
      app = undefined;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz and a 503 /readyz before open(), then 200 once the index serves', async () => {
    app = createApp(config(), recordingLogger());
    const base = await listen(app);
    const notReady = await fetch(`${base}/readyz`);
    assert.equal(notReady.status, 503);
    assert.equal(notReady.headers.get('retry-after'), '1');
    assert.equal(((await notReady.json()) as { status: string }).status, 'not ready');
    const live = await fetch(`${base}/healthz`);
    assert.equal(live.status, 200);
    assert.equal(((await live.json()) as { status: string }).status, 'starting');

    await postActivity(`${base}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'app-early', text: 'Where is my data stored?' }));
    const early = await connector.waitFor((c) => c.conversationId === 'app-early' && c.activity.type === 'message');
    assert.match(String(early.activity.text), /starting up/);

    const report = await app.open();
    assert.equal(report.ok, true);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { status: string; selfTest: { ok: boolean }; logs: unknown };
    assert.equal(health.status, 'ok');
    assert.equal(health.selfTest.ok, true);
    assert.ok(health.logs);
  });

  it('FEEDBACK_LOG=off writes no feedback or unanswered lines', async () => {
    app = createApp(config({ logs: { feedback: false, maxBytes: 65536, maxFiles: 2 } }), recordingLogger());
    const base = await listen(app);
    await app.open();
    await postActivity(`${base}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'app-oos', text: 'what is the weather in Paris tomorrow?' }));
    await connector.waitFor((c) => c.conversationId === 'app-oos' && c.activity.type === 'message');
    await app.flushLogs();
    assert.equal(existsSync(join(dataDir, 'feedback.jsonl')), false);
    assert.deepEqual(app.feedbackLog.stats(), { queued: 0, written: 0, dropped: 0, failed: 0 });
  });

  it('with the log on, an unanswered question is written without a user id by default', async () => {
    app = createApp(config(), recordingLogger());
    const base = await listen(app);
    await app.open();
    await postActivity(`${base}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'app-oos2', text: 'what is the weather in Paris tomorrow?' }));
    await connector.waitFor((c) => c.conversationId === 'app-oos2' && c.activity.type === 'message');
    await app.flushLogs();
    assert.equal(app.feedbackLog.stats().written, 1);
    const [line] = readFileSync(join(dataDir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(line.kind, 'unanswered');
    assert.equal('userId' in line, false);
    assert.equal(JSON.stringify(line).includes('aad-user-1'), false);
  });

  describe('TRUST_PROXY and the admin throttle (through loadConfig)', () => {
    const TOKEN = 'admin-token-0123456789';
    /** The app configured from an environment, listening on a free port on 127.0.0.1. */
    const start = async (env: Record<string, string>) => {
      const log = recordingLogger();
      app = createApp(loadConfig({ TEAMS_LOCAL: 'true', ADMIN_TOKEN: TOKEN, CONTENT_DIRS: CONTENT, DATA_DIR: dataDir, ...env }), log);
      const base = await listen(app);
      await app.open();
      const post = async (forwardedFor: string, token: string) =>
        (await fetch(`${base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor } })).status;
      return { log, post };
    };

    it('with TRUST_PROXY=1 throttles the forwarded client, not the proxy: another admin behind the same proxy still gets through', async () => {
      const { log, post } = await start({ TRUST_PROXY: '1' });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push(await post('203.0.113.5', `wrong-${i}`));
      // The attacker claims the admin's address on the left; the proxy's entry on the right still names it.
      for (let i = 0; i < 3; i++) statuses.push(await post('203.0.113.9, 203.0.113.5', `wrong-${i}`));
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      assert.equal(await post('203.0.113.5', TOKEN), 429, 'blocked means blocked, even with the right token');
      assert.equal(await post('203.0.113.9', TOKEN), 200, 'the other client behind the proxy is not locked out');
      app?.stop();
      const audits = log.records.filter((r) => r.msg === 'audit').map((r) => (r.audit as { who: string; result: string }));
      assert.ok(audits.some((a) => a.result === 'ok' && a.who === 'http:203.0.113.9'), JSON.stringify(audits));
      assert.ok(audits.some((a) => a.result === 'refused' && a.who.startsWith('http:203.0.113.5')), JSON.stringify(audits));
      const clients = log.records.filter((r) => r.msg === 'request' && r.route === '/admin/reindex').map((r) => r.client);
      assert.deepEqual([...new Set(clients)].sort(), ['203.0.113.5', '203.0.113.9']);
    });

    it('without TRUST_PROXY ignores X-Forwarded-For: varying it does not dodge the throttle', async () => {
      const { log, post } = await start({});
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push(await post(`203.0.113.${10 + i}`, `wrong-${i}`));
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      assert.equal(await post('203.0.113.99', TOKEN), 429);
      const clients = log.records.filter((r) => r.msg === 'request' && r.route === '/admin/reindex').map((r) => r.client);
      assert.deepEqual([...new Set(clients)], ['127.0.0.1']);
      assert.ok(!JSON.stringify(log.records).includes('203.0.113.'), 'the header never reaches the log');
    });
  });

  it('a missing content folder is a StartupError naming CONTENT_DIRS', () => {
    assert.throws(() => createApp(config({ contentDirs: [join(dataDir, 'nope')] }), recordingLogger()), (err: Error) => err instanceof StartupError && /CONTENT_DIRS/.test(err.message));
  });
});
