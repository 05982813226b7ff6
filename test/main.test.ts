/**
 * Start-up of the real server (`node dist/main.js`): operator mistakes end in one clear line and exit
 * code 2; whenever a valid index can be had the server serves; it listens before the index is ready and
 * answers `/readyz` with 503 until then.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { freePort } from '../src/bench/startupBench';
import { startFakeConnector, makeActivity, postActivity, type FakeConnector } from './helpers/fakeConnector';
import { get, ROOT, spawnMain, until, type MainProcess } from './helpers/spawnMain';

const CONTENT = resolve(ROOT, 'content');
const TREE = resolve(ROOT, 'corpora/m365-security-nl-NL');

describe('main (node dist/main.js)', function () {
  this.timeout(300_000);
  let tmp: string;
  const started: MainProcess[] = [];
  const run = (env: Record<string, string>, options?: { asNobody?: boolean }) => {
    const m = spawnMain(env, options);
    started.push(m);
    return m;
  };
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'privacy-bot-main-'));
    chmodSync(tmp, 0o755);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.stop()));
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Asserts exit code 2 and exactly one stderr line matching `pattern`, without a stack trace. */
  async function failsWith(m: MainProcess, pattern: RegExp): Promise<void> {
    assert.equal(await m.exited, 2, `exit code 2; stderr: ${m.stderr()}`);
    const lines = m.stderr().trim().split('\n');
    assert.equal(lines.length, 1, `one line on stderr, got:\n${m.stderr()}`);
    assert.match(lines[0], pattern);
    assert.doesNotMatch(m.stderr() + m.stdout(), /\n\s+at /, 'no stack trace');
  }

  const readyz = async (port: number) => {
    const r = await get(port, '/readyz');
    return r.status === 200 ? r : undefined;
  };

  it('a port in use: one line, exit 2', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await failsWith(run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: CONTENT, DATA_DIR: join(tmp, 'data') }), /PORT \d+ on 127\.0\.0\.1 is already in use/);
    } finally {
      blocker.close();
    }
  });

  it('an unresolvable HOST: one line, exit 2', async () => {
    await failsWith(run({ PORT: '0', HOST: 'no-such-host.invalid', TEAMS_LOCAL: 'true', ALLOW_UNAUTHENTICATED_REMOTE: 'true', CONTENT_DIRS: CONTENT, DATA_DIR: join(tmp, 'data') }), /HOST no-such-host\.invalid cannot be resolved/);
  });

  it('a missing CONTENT_DIRS folder: one line, exit 2', async () => {
    await failsWith(run({ PORT: '0', CONTENT_DIRS: `${CONTENT}${delimiter}${join(tmp, 'nope')}`, DATA_DIR: join(tmp, 'data') }), /CONTENT_DIRS: content folder .*nope does not exist/);
  });

  it('DATA_DIR under a file: one line, exit 2', async () => {
    writeFileSync(join(tmp, 'file'), 'x');
    await failsWith(run({ PORT: '0', CONTENT_DIRS: CONTENT, DATA_DIR: join(tmp, 'file', 'data') }), /DATA_DIR: .* is not a folder/);
  });

  it('index.json being a folder: builds in memory, warns that it could not be saved, and serves', async () => {
    mkdirSync(join(tmp, 'data', 'index.json'), { recursive: true });
    const port = await freePort();
    const m = run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: CONTENT, DATA_DIR: join(tmp, 'data') });
    await until(m, () => readyz(port), 120_000, 'readiness');
    assert.ok(m.lines().some((l) => l.level === 'warn' && /could not be saved/.test(String(l.reason))), 'a warning that the index is not saved');
  });

  it('an unreadable content file beside a valid persisted index: the persisted index serves, with a warning', async () => {
    const content = join(tmp, 'content');
    cpSync(CONTENT, content, { recursive: true });
    const dataDir = join(tmp, 'data');
    let port = await freePort();
    let m = run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: content, DATA_DIR: dataDir });
    await until(m, () => readyz(port), 120_000, 'first readiness');
    await m.stop();
    // NOTICE.md becomes unreadable (a link to nowhere: unreadable even for root).
    rmSync(join(content, 'NOTICE.md'));
    symlinkSync(join(tmp, 'gone.md'), join(content, 'NOTICE.md'));
    port = await freePort();
    m = run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: content, DATA_DIR: dataDir });
    await until(m, () => readyz(port), 120_000, 'readiness with an unreadable file');
    const lines = m.lines();
    assert.ok(lines.some((l) => l.level === 'warn' && String(l.file).endsWith('NOTICE.md') && /cannot be read/.test(String(l.reason))), 'the file is named');
    assert.ok(lines.some((l) => l.msg === 'index ready' && l.built === false), 'the persisted index was used');
  });

  it('a read-only data folder without an index: builds in memory with a warning and serves', async () => {
    const dataDir = join(tmp, 'ro');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    const port = await freePort();
    const m = run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: CONTENT, DATA_DIR: dataDir }, { asNobody: true });
    await until(m, () => readyz(port), 120_000, 'readiness');
    assert.ok(m.lines().some((l) => l.level === 'warn' && /could not be saved, serving it from memory/.test(String(l.reason))), JSON.stringify(m.lines().filter((l) => l.level !== 'info')));
    assert.equal(existsSync(join(dataDir, 'index.json')), false);
  });

  describe('readiness with the 783-page tree', () => {
    let connector: FakeConnector;
    before(async () => (connector = await startFakeConnector()));
    after(async () => connector.close());

    it('listens before the index is ready: /readyz 503 with a reason, "starting up" replies, then 200 and answers', async () => {
      assert.ok(existsSync(TREE), `${TREE} holds the tree's manifest`);
      const port = await freePort();
      const m = run({ PORT: String(port), HOST: '127.0.0.1', CONTENT_DIRS: [CONTENT, TREE].join(delimiter), DATA_DIR: join(tmp, 'data') });
      const first = await until(m, async () => {
        const r = await get(port, '/readyz');
        return r.status === 0 ? undefined : r;
      }, 60_000, 'a first answer from /readyz');
      assert.equal(first.status, 503, 'the server accepted a connection before the index was ready');
      assert.match(JSON.parse(first.body).reason, /index is loading/);
      const live = await get(port, '/healthz');
      assert.equal(live.status, 200, 'live while loading');
      assert.equal(JSON.parse(live.body).status, 'starting');

      const early = await postActivity(`http://127.0.0.1:${port}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'early', text: 'Where is my data stored?' }));
      assert.equal(early.status, 200);
      const reply = await connector.waitFor((c) => c.conversationId === 'early' && c.activity.type === 'message', 10_000);
      assert.match(String(reply.activity.text), /starting up/, 'a polite "starting up" reply, not an error');

      await until(m, () => readyz(port), 280_000, 'readiness');
      const stages = m.lines().filter((l) => l.msg === 'index progress').map((l) => l.stage);
      for (const s of ['loading', 'indexing', 'persisting', 'swapped']) assert.ok(stages.includes(s), `progress stage ${s} is logged`);
      const health = JSON.parse((await get(port, '/healthz')).body);
      assert.equal(health.status, 'ok');
      assert.ok(health.documents > 700);
      await postActivity(`http://127.0.0.1:${port}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'late', text: 'Where is my data stored?' }));
      const answer = await connector.waitFor((c) => c.conversationId === 'late' && c.activity.type === 'message', 10_000);
      assert.doesNotMatch(JSON.stringify(answer.activity), /starting up/);
    });
  });
});
