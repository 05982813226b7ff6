/**
 * Start-to-ready bench: spawns `node dist/main.js` as production would start it and measures the time
 * from spawn to the first HTTP answer of `GET /readyz` (it listens) and to its first `200` (an index
 * serves). Cold: an empty data folder, so the index is built (and persisted); warm: the same folder
 * again, so the persisted index is loaded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** One start of the server. */
export interface ReadyRun {
  /** Spawn to the first HTTP answer (any status) from /readyz: the server listens. */
  listenMs: number;
  /** Spawn to first 200 from /readyz, in ms. */
  readyMs: number;
  /** What main.js says about itself ("ready in N ms"), when it said it. */
  selfReportedMs?: number;
  /** Whether the index was built ("built") or loaded ("loaded"), from main.js's log. */
  index?: 'built' | 'loaded';
  /** Resident memory right after ready, in MB (where /proc exists). */
  rssMb?: number;
}

/** Figures of the start-up bench. */
export interface StartupBenchResult {
  contentDirs: string[];
  cold: ReadyRun[];
  warm: ReadyRun[];
  coldMedianMs: number;
  warmMedianMs: number;
  /** Slowest spawn-to-listening of all runs. */
  listenMaxMs: number;
}

/** VmRSS of a process in MB from /proc, or undefined where /proc is not available. */
export function procRssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where /proc is not available. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th,
    // in clock ticks (USER_HZ, 100 on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A port on 127.0.0.1 that is free right now (bound, then released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/readyz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Starts `dist/main.js` once with `dataDir`; resolves when /readyz answered 200, after stopping it. */
export async function startOnce(options: { root: string; contentDirs: string[]; dataDir: string; timeoutMs?: number }): Promise<ReadyRun> {
  const port = await freePort();
  // A clean environment: only what the bench sets (no Slack, no Teams credentials from the caller's shell).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    CONTENT_DIRS: options.contentDirs.join(delimiter),
  };
  const started = performance.now();
  const child = spawn(process.execPath, [join(options.root, 'dist', 'main.js')], { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    const deadline = started + (options.timeoutMs ?? 30_000);
    let listenMs: number | undefined;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`dist/main.js exited with ${exitCode} before it was ready:\n${output.slice(-2000)}`);
      const status = await readyz(port);
      if (status !== 0) listenMs ??= performance.now() - started;
      if (status === 200) break;
      if (performance.now() > deadline) throw new Error(`dist/main.js not ready within ${options.timeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const readyMs = performance.now() - started;
    const self = /"built":(true|false)[^\n]*"readyMs":(\d+)[^\n]*"msg":"index ready"/.exec(output);
    return {
      listenMs: listenMs ?? readyMs,
      readyMs,
      selfReportedMs: self ? Number(self[2]) : undefined,
      index: self ? (self[1] === 'true' ? 'built' : 'loaded') : undefined,
      rssMb: child.pid ? procRssMb(child.pid) : undefined,
    };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs `runs` cold starts (each with a fresh data folder) and `runs` warm starts (persisted index). */
export async function runStartupBench(options: { root: string; contentDirs: string[]; runs?: number; timeoutMs?: number }): Promise<StartupBenchResult> {
  const runs = options.runs ?? 3;
  const cold: ReadyRun[] = [];
  const warm: ReadyRun[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'privacy-bot-startbench-'));
      dirs.push(dataDir);
      cold.push(await startOnce({ root: options.root, contentDirs: options.contentDirs, dataDir, timeoutMs: options.timeoutMs }));
    }
    for (let i = 0; i < runs; i++) warm.push(await startOnce({ root: options.root, contentDirs: options.contentDirs, dataDir: dirs[0], timeoutMs: options.timeoutMs }));
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return {
    contentDirs: options.contentDirs,
    cold,
    warm,
    coldMedianMs: median(cold.map((r) => r.readyMs)),
    warmMedianMs: median(warm.map((r) => r.readyMs)),
    listenMaxMs: Math.max(...cold.map((r) => r.listenMs), ...warm.map((r) => r.listenMs)),
  };
}
