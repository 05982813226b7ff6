/**
 * Runs the built server (`node dist/main.js`, built by `npm test` before mocha) as production starts it,
 * in a clean environment, and collects its output: for start-up and readiness tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** A started `dist/main.js`. */
export interface MainProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit code once it has exited. */
  exited: Promise<number | null>;
  /** Parsed JSON lines of stdout (lines that are not JSON are skipped). */
  lines(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** Starts `dist/main.js` with only `env` (and PATH) set. As root, `asNobody` runs it as uid/gid 65534 so file modes apply. */
export function spawnMain(env: Record<string, string>, options: { asNobody?: boolean; cwd?: string } = {}): MainProcess {
  const ids = options.asNobody && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/main.js')], { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    lines: () =>
      out.split('\n').flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** GET `path` on 127.0.0.1:`port`: status and body, or status 0 when nothing answers. */
export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => done({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
  });
}

/** Polls `check` every 50 ms until it returns a value, the process exits, or `timeoutMs` passes. */
export async function until<T>(main: MainProcess, check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void main.exited.then(() => (exited = true));
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (exited) throw new Error(`dist/main.js exited (${main.child.exitCode}) before ${what}:\n${main.stderr()}\n${main.stdout().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms:\n${main.stdout().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
