import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeActivity, startFakeConnector, type FakeConnector } from './helpers/fakeConnector';
import { startFakeSlackApi, type FakeSlackApi } from './helpers/fakeSlackApi';
import { startFakeSocketMode, type FakeSocketMode } from './helpers/fakeSocketMode';
import { freePort, startMain, type MainProcess } from './helpers/mainProcess';
import { signedHeaders } from './helpers/signSlack';

const CONTENT = resolve(__dirname, '../content');

describe('main operations (node dist/main.js)', function () {
  this.timeout(30_000);
  let dir: string;
  let running: MainProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'privacy-bot-main-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const writeDotEnv = (text: string) => writeFileSync(join(dir, '.env'), text);
  const healthz = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;

  describe('.env', () => {
    it('honours a PORT in .env in the working directory', async () => {
      const port = await freePort();
      writeDotEnv(`# test\nPORT=${port}\nCONTENT_DIRS=${CONTENT}\nDATA_DIR=${join(dir, 'data')}\n`);
      running = startMain({ cwd: dir, env: {} });
      const line = await running.waitForLine('"listening"');
      assert.match(line, new RegExp(`:${port}"`));
      assert.equal(await healthz(port), 200);
    });

    it('lets the real environment win over the file', async () => {
      const [filePort, envPort] = [await freePort(), await freePort()];
      writeDotEnv(`PORT=${filePort}\nCONTENT_DIRS=${CONTENT}\nDATA_DIR=${join(dir, 'data')}\n`);
      running = startMain({ cwd: dir, env: { PORT: String(envPort) } });
      await running.waitForLine('"listening"');
      assert.equal(await healthz(envPort), 200);
      await assert.rejects(fetch(`http://127.0.0.1:${filePort}/healthz`));
    });

    it('starts without a .env file', async () => {
      const port = await freePort();
      running = startMain({ cwd: dir, env: { PORT: String(port), CONTENT_DIRS: CONTENT, DATA_DIR: join(dir, 'data') } });
      await running.waitForLine('"listening"');
      assert.equal(await healthz(port), 200);
    });

    it('refuses a malformed .env with one clear error naming the line, not its content, and exit code 2', async () => {
      writeDotEnv(`PORT=3978\nSLACK_BOT_TOKEN xoxb-secret-in-a-broken-line\n`);
      running = startMain({ cwd: dir, env: {} });
      assert.equal(await running.exited, 2);
      const err = running.stderr.join('\n');
      assert.match(err, /\.env: line 2 is not NAME=value/);
      assert.doesNotMatch(err, /xoxb-secret/);
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
      assert.deepEqual(running.stdout.filter(Boolean), []);
    });
  });
});

describe('main: logs on stdout', function () {
  this.timeout(60_000);
  const SECRET = 'main-test-signing-secret-0123';
  const ADMIN = 'main-test-admin-token-0123456789';
  const QUESTION_NL = 'Waar worden mijn gegevens opgeslagen?';
  const QUESTION_EN = 'How long is Defender data retained?';
  let dir: string;
  let running: MainProcess;
  let connector: FakeConnector;
  let port: number;
  const requestIds: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'privacy-bot-logs-'));
    connector = await startFakeConnector();
    port = await freePort();
    running = startMain({
      cwd: dir,
      env: {
        PORT: String(port), CONTENT_DIRS: CONTENT, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'debug', TEAMS_LOCAL: 'true',
        SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-main-test-token', SLACK_API_URL: 'http://127.0.0.1:9/api/', ADMIN_TOKEN: ADMIN,
      },
    });
    // Requests that need the index (a reindex, an answer) wait until it serves.
    await running.waitForLine('"index ready"');
    const base = `http://127.0.0.1:${port}`;
    const send = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(base + path, init);
      await res.text();
      requestIds.push(res.headers.get('x-request-id') ?? '');
      return res.status;
    };
    const json = { 'content-type': 'application/json' };
    // Probes, unknown paths and refused bodies.
    assert.equal(await send('/healthz'), 200);
    assert.equal(await send('/nope?token=secret-in-query'), 404);
    assert.equal(await send('/api/messages', { method: 'POST', headers: json, body: '{bad json' }), 400);
    assert.equal(await send('/api/messages', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 415);
    // A Teams turn.
    const activity = makeActivity({ serviceUrl: connector.url, text: QUESTION_NL, locale: 'nl-NL' });
    assert.equal(await send('/api/messages', { method: 'POST', headers: json, body: JSON.stringify(activity) }), 200);
    await connector.waitFor((c) => c.activity.type === 'message');
    // Slack: unsigned, then a signed slash command (the answer is in the HTTP response).
    const slash = new URLSearchParams({ command: '/privacy', text: QUESTION_EN, user_id: 'UASK1', channel_id: 'C1', team_id: 'T1', trigger_id: 'trig-1', response_url: 'http://127.0.0.1:9/r' }).toString();
    const form = 'application/x-www-form-urlencoded';
    assert.equal(await send('/slack/events', { method: 'POST', headers: { 'content-type': form }, body: slash }), 401);
    assert.equal(await send('/slack/events', { method: 'POST', headers: signedHeaders(SECRET, slash, form), body: slash }), 200);
    // Admin: wrong token, then a reindex.
    assert.equal(await send('/admin/reindex', { method: 'POST', headers: { authorization: 'Bearer wrong-token-wrong-token' } }), 401);
    assert.equal(await send('/admin/reindex', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }), 200);
    await running.stop();
  });
  after(async () => {
    await running?.stop();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const records = () => running.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes nothing but JSON lines with a level to stdout', () => {
    assert.ok(running.stdout.length > 10, running.stdout.join('\n'));
    for (const line of running.stdout.filter((l) => l !== '')) {
      let record: Record<string, unknown>;
      assert.doesNotThrow(() => (record = JSON.parse(line) as Record<string, unknown>), line);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(String(record!.level)), line);
      assert.equal(typeof record!.msg, 'string', line);
      assert.match(String(record!.time), /^\d{4}-\d\d-\d\dT/, line);
    }
  });

  it('logs every request once with its id, method, route, status and latency', () => {
    const lines = records().filter((r) => r.msg === 'request');
    assert.equal(lines.length, requestIds.length);
    for (const id of requestIds) assert.match(id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(new Set(lines.map((r) => r.requestId)), new Set(requestIds));
    const of = (route: string, status: number) => lines.find((r) => r.route === route && r.status === status);
    assert.equal(of('/healthz', 200)?.level, 'debug');
    assert.equal(of('/nope', 404)?.level, 'debug');
    assert.equal(of('/api/messages', 400)?.level, 'debug');
    assert.equal(of('/api/messages', 200)?.method, 'POST');
    assert.equal(of('/admin/reindex', 200)?.level, 'info');
    assert.ok(lines.every((r) => typeof r.ms === 'number' && (r.ms as number) >= 0));
  });

  it('binds the Teams activity id and the Slack trigger id to the turn lines, and logs no question text', () => {
    const turns = records().filter((r) => r.msg === 'turn');
    const teams = turns.find((r) => r.surface === 'teams');
    const slack = turns.find((r) => r.surface === 'slack');
    assert.match(String(teams?.activityId), /^incoming-\d+$/);
    assert.equal(teams?.kind, 'answer');
    assert.equal(teams?.language, 'nl');
    assert.equal(teams?.answered, true);
    assert.equal(slack?.triggerId, 'trig-1');
    assert.equal(slack?.language, 'en');
    const all = running.stdout.join('\n');
    assert.doesNotMatch(all, /gegevens opgeslagen|Defender data retained/);
    assert.doesNotMatch(all, new RegExp(`${SECRET}|${ADMIN}|xoxb-main-test|secret-in-query|wrong-token`));
  });
});

describe('main: Slack Socket Mode from the environment', function () {
  this.timeout(60_000);
  let dir: string;
  let running: MainProcess | undefined;
  let socket: FakeSocketMode;
  let api: FakeSlackApi;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'privacy-bot-socket-'));
    socket = await startFakeSocketMode();
    api = await startFakeSlackApi({ 'apps.connections.open': () => ({ ok: true, url: socket.url }) });
  });
  after(async () => {
    await running?.stop();
    await socket?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with SLACK_APP_TOKEN at SLACK_API_URL (no signing secret) and acks /privacy with the cited Dutch answer', async () => {
    const port = await freePort();
    running = startMain({
      cwd: dir,
      env: {
        PORT: String(port), CONTENT_DIRS: CONTENT, DATA_DIR: join(dir, 'data'),
        SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1-main-test', SLACK_BOT_TOKEN: 'xoxb-main-test', SLACK_API_URL: api.apiUrl,
      },
    });
    const listening = JSON.parse(await running.waitForLine('"listening"')) as { routes: string[] };
    assert.ok(!listening.routes.includes('POST /slack/events'), 'no HTTP route for Slack in Socket Mode');
    await running.waitForLine('slack socket mode: connected');
    await running.waitForLine('"index ready"');
    assert.equal(api.calls.find((c) => c.method === 'apps.connections.open')?.authorization, 'Bearer xapp-1-main-test');
    await socket.send({
      envelope_id: 'main-env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/privacy', text: 'Waar worden mijn gegevens opgeslagen?', user_id: 'UASK1', user_name: 'ann', channel_id: 'C1', team_id: 'T1', trigger_id: 'tr-main' },
    });
    const ack = await socket.ackFor('main-env-1', 10_000);
    const blocks = JSON.stringify(ack.payload?.blocks ?? []);
    assert.match(String(ack.payload?.text), /\[1\]/);
    assert.match(blocks, /https:\/\/learn\.microsoft\.com\/nl-nl\/[^"\s]+#/);
    assert.match(`${String(ack.payload?.text)} ${blocks}`, /gegevens/);
    // The start-up self-test logs a turn too: wait for this envelope's.
    await running.waitForLine('"envelopeId":"main-env-1"');
    const lines = running.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.every((l) => typeof l.level === 'string'));
    assert.ok(lines.some((l) => l.msg === 'turn' && l.envelopeId === 'main-env-1'), 'the turn line names the envelope');
  });
});
