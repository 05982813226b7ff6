/**
 * A real bot process (`node dist/main.js`, the build `npm test` makes first) on a free loopback port,
 * configured only through its environment like a deployed replica: its own copy of content/ and its own
 * DATA_DIR in a temporary folder, the shared REDIS_URL, Slack pointed at a fake Slack API. Its JSON log
 * lines are collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './redisServer';
import { TEST_ADMIN_TOKEN, TEST_SIGNING_SECRET } from './realApp';
import { until } from './until';

const ROOT = resolve(__dirname, '../..');

/** A running replica. */
export interface Replica {
  name: string;
  base: string;
  /** Its own copy of content/ (edit it to change what a reindex here builds). */
  contentDir: string;
  /** Parsed JSON log lines (stdout). */
  logs: Record<string, unknown>[];
  /** Log lines with this message. */
  logged(msg: string): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** Options of {@link startReplica}. */
export interface ReplicaOptions {
  name: string;
  redisUrl: string;
  keyPrefix: string;
  slackApiUrl: string;
  /** Content to copy (default the repository's content/). */
  contentFrom?: string;
}

/** Starts a replica and resolves once it serves (its index is loaded: the server listens before that). */
export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), `privacy-bot-replica-${o.name}-`));
  const contentDir = join(dir, 'content');
  cpSync(o.contentFrom ?? join(ROOT, 'content'), contentDir, { recursive: true });
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    CONTENT_DIRS: contentDir,
    REDIS_URL: o.redisUrl,
    REDIS_KEY_PREFIX: o.keyPrefix,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_BOT_USER_ID: 'UBOT1',
    SLACK_API_URL: o.slackApiUrl,
  };
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/main.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: 'non-json', line });
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const logged = (msg: string) => logs.filter((l) => l.msg === msg);
  try {
    await until(() => exited || logged('index ready').length > 0, 60_000, `replica ${o.name} serving`);
    if (exited) throw new Error('exited');
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`replica ${o.name} did not start (${(err as Error).message}):\n${stderr}\n${JSON.stringify(logs.slice(-5))}`, { cause: err });
  }
  return {
    name: o.name,
    base: `http://127.0.0.1:${port}`,
    contentDir,
    logs,
    logged,
    async stop() {
      if (!exited) {
        await new Promise<void>((r) => {
          child.once('exit', () => r());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
