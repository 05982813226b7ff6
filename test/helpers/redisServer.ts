/**
 * A real redis-server (the Debian package) for tests: started on a free loopback port in a temporary
 * folder with persistence off, stopped afterwards. It can be stopped and started again on the same
 * port (the "Redis went away" scenario). A missing binary fails loudly: these tests are never skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger, type Logger } from '../../src/core/logger';
import { createRedisConnection, type RedisConnection } from '../../src/state/redisConnection';
import { until } from './until';

/** A running (or stopped) test Redis. */
export interface TestRedis {
  port: number;
  url: string;
  /** Starts it (again) on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and waits for the process to end. */
  stop(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Sends PING over a raw socket; true on `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Starts a redis-server; throws with a clear message when the binary is missing. */
export async function startTestRedis(): Promise<TestRedis> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error('redis-server is not installed: these tests need a real Redis (apt-get install -y redis-server; .ci/run installs it)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'privacy-bot-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    if (child) return;
    output = '';
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      if (await ping(port)) return;
      if (!child) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${port}:\n${output}`);
  };
  const stop = async () => {
    const proc = child;
    if (!proc) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
    child = undefined;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async close() {
      child?.kill('SIGCONT');
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server with two connections to it, as two replicas would have. */
export interface TwoReplicas {
  redis: TestRedis;
  a: RedisConnection;
  b: RedisConnection;
  close(): Promise<void>;
}

/** Starts a redis-server and connects two replicas to it (resolves once both are up). */
export async function startTwoReplicas(log: Logger = recordingLogger()): Promise<TwoReplicas> {
  const redis = await startTestRedis();
  const a = createRedisConnection({ url: redis.url, log, maxReconnectDelayMs: 200 });
  const b = createRedisConnection({ url: redis.url, log, maxReconnectDelayMs: 200 });
  await until(() => a.isUp() && b.isUp(), 3000, 'connected');
  return {
    redis,
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await redis.close();
    },
  };
}
