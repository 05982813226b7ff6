/**
 * Runs the built server (`node dist/main.js`) as a child process, the way `npm start` does, and
 * collects its stdout and stderr lines. `npm test` builds dist/ before mocha runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const MAIN = resolve(__dirname, '../../dist/main.js');

/** A running (or exited) `node dist/main.js`. */
export interface MainProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line containing `text`; rejects after `timeoutMs` or when the process exits. */
  waitForLine(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

/** Starts `node dist/main.js` in `cwd` with exactly `env` (plus PATH). */
export function startMain(options: { cwd: string; env: Record<string, string>; nodeArgs?: string[] }): MainProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
    });
    stream.on('end', () => rest && into.push(rest));
  };
  collect(child.stdout!, stdout);
  collect(child.stderr!, stderr);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine: (text, timeoutMs = 15_000) =>
      new Promise((resolveLine, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const line = stdout.find((l) => l.includes(text));
          if (line !== undefined) {
            clearInterval(poll);
            resolveLine(line);
          } else if (done || Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`no stdout line with ${JSON.stringify(text)}; stdout:\n${stdout.join('\n')}\nstderr:\n${stderr.join('\n')}`));
          }
        }, 25);
      }),
    async stop() {
      if (!done) child.kill('SIGTERM');
      return exited;
    },
  };
}
