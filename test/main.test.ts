import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startMain, type MainProcess } from './helpers/mainProcess';

const CONTENT = resolve(__dirname, '../content');

describe('main (node dist/main.js)', function () {
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
