/**
 * `npm run bench`: engine, HTTP, reindex-under-load and start-up benches in one run, on loopback only.
 * Prints a table with each goal marked PASS or MISS and writes `bench-results/bench-<time>.json` and
 * `bench-results/latest.json`. Exit code 0 even when a goal is missed; 1 on a crash, or when the
 * reindex under load lost a request or did not report success.
 *
 * Options: `--duration <s>` per load run (default 10), `--connections <n>` (default 50).
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { runEngineBench, type EngineBenchResult } from './engineBench';
import { startFakePeers } from './fakePeers';
import { loadFloor, loadSlack, loadTeams, startBenchServer, withServerCpu, type LoadResult, type ServerStats } from './httpBench';
import { runStartupBench, type StartupBenchResult } from './startupBench';

/** The project root (this file runs from dist/bench/ or src/bench/). */
const ROOT = resolve(__dirname, '..', '..');
const CONTENT = ['content'];
const LARGE = ['content', 'corpora/m365-security-nl-NL'];

/** One goal next to its figure. */
export interface Goal {
  name: string;
  /** Undefined when not measured (the large corpus is absent): a MISS. */
  value: number | undefined;
  op: '<=' | '>=';
  limit: number;
  unit: string;
  /** Decimals to print. */
  digits: number;
  pass: boolean;
}

/** The reindex call made in the middle of a load run. */
export interface ReindexUnderLoad {
  load: LoadResult;
  reindex: { status: number; ok: boolean; calledAtMs: number; tookMs: number; durationMs?: number; error?: string };
  /** Errors + timeouts + non-2xx of the load run: must be 0. */
  failed: number;
  rssPeakMb: number;
}

/** Everything one bench run measured (the JSON result file). */
export interface BenchReport {
  at: string;
  node: string;
  cpus: number;
  loadavgAtStart: number[];
  options: { durationS: number; connections: number };
  engine: { content: EngineBenchResult; large: EngineBenchResult | { skipped: string } };
  http: {
    floor: LoadResult;
    teams: LoadResult;
    slack: LoadResult;
    ratioToFloor: { teams: number; slack: number };
    /** Peak resident memory of the server child during the floor, Teams and Slack runs (content/). */
    serverRssPeakMb: number;
    serverStats: ServerStats;
    peers: { connectorRequests: number; connectorConnections: number; slackRequests: number };
  };
  reindexUnderLoad: ReindexUnderLoad;
  startup: StartupBenchResult;
  /** The same with the 783-page tree (one cold, one warm start), when the corpus is present. */
  startupLarge?: StartupBenchResult;
  goals: Goal[];
  totalS: number;
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Runs the engine bench in a fresh child process, so its memory figure is its own. */
function engineInChild(contentDirs: string[]): Promise<EngineBenchResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(__filename, ['--engine', ...contentDirs], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, '--no-deprecation'],
    });
    let result: EngineBenchResult | undefined;
    // Bounded: a hung build must not keep the bench running.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.on('message', (m: EngineBenchResult) => (result = m));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolvePromise(result);
      else reject(new Error(`engine bench child ended with ${signal ?? code} before reporting`));
    });
  });
}

/** Missing tree folders of a content folder's manifest (the 783-page corpus lives outside the repo). */
function missingTrees(contentDir: string): string[] {
  const manifestPath = join(ROOT, contentDir, 'sources.json');
  if (!existsSync(manifestPath)) return [manifestPath];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { sources?: { tree?: unknown }[] };
  return (manifest.sources ?? [])
    .map((s) => (typeof s.tree === 'string' ? resolve(ROOT, contentDir, s.tree) : undefined))
    .filter((p): p is string => p !== undefined && !existsSync(p));
}

async function httpBenches(durationS: number, connections: number): Promise<{ http: BenchReport['http']; reindexUnderLoad: ReindexUnderLoad }> {
  const peers = await startFakePeers();
  const server = await startBenchServer({ contentDirs: CONTENT, slackApiUrl: `${peers.slack.url}/api/`, cwd: ROOT });
  let peak = 0;
  const sampler = setInterval(() => {
    void server.rssMb().then((mb) => (peak = Math.max(peak, mb)), () => undefined);
  }, 250);
  try {
    const base = server.base;
    const teamsOpts = { base, connections, serviceUrl: peers.connector.url, replies: () => peers.connector.counts.messages };
    const slackOpts = { base, connections, signingSecret: server.secrets.signingSecret, responseBase: peers.slack.url };
    progress(`server pid ${server.pid} on ${base}; warming up (2 s per path)`);
    await loadFloor({ base, connections, durationS: 2 });
    await loadTeams({ ...teamsOpts, durationS: 2 });
    await loadSlack({ ...slackOpts, durationS: 2 });
    peers.connector.reset();
    peers.slack.reset();
    peak = 0;

    progress(`GET /bench/floor, ${connections} connections, ${durationS} s`);
    const floor = await withServerCpu(server.pid, () => loadFloor({ base, connections, durationS }));
    progress(`POST /api/messages, ${connections} connections, ${durationS} s`);
    const teams = await withServerCpu(server.pid, () => loadTeams({ ...teamsOpts, durationS }));
    progress(`POST /slack/events, ${connections} connections, ${durationS} s`);
    const slack = await withServerCpu(server.pid, () => loadSlack({ ...slackOpts, durationS }));
    const serverRssPeakMb = Math.max(peak, await server.rssMb());
    const peerCounts = { connectorRequests: peers.connector.counts.requests, connectorConnections: peers.connector.counts.connections, slackRequests: peers.slack.counts.requests };

    progress(`POST /api/messages with POST /admin/reindex at 3 s, ${durationS} s`);
    peak = 0;
    const reindexAt = Math.min(3000, (durationS * 1000) / 3);
    const started = performance.now();
    const reindexCall = new Promise<ReindexUnderLoad['reindex']>((resolveCall) => {
      setTimeout(() => {
        const calledAtMs = performance.now() - started;
        fetch(`${base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${server.secrets.adminToken}` } })
          .then(async (res) => {
            const body = (await res.json().catch(() => ({}))) as { ok?: unknown; durationMs?: unknown };
            const durationMs = typeof body.durationMs === 'number' ? body.durationMs : undefined;
            resolveCall({ status: res.status, ok: body.ok === true, calledAtMs, tookMs: performance.now() - started - calledAtMs, durationMs });
          })
          .catch((err: Error) => resolveCall({ status: 0, ok: false, calledAtMs, tookMs: performance.now() - started - calledAtMs, error: err.message }));
      }, reindexAt);
    });
    const underLoad = await withServerCpu(server.pid, () => loadTeams({ ...teamsOpts, durationS }));
    const reindex = await reindexCall;
    const reindexUnderLoad: ReindexUnderLoad = {
      load: underLoad,
      reindex,
      failed: underLoad.errors + underLoad.non2xx,
      rssPeakMb: Math.max(peak, await server.rssMb()),
    };
    const http = {
      floor,
      teams,
      slack,
      ratioToFloor: { teams: teams.reqPerSec / floor.reqPerSec, slack: slack.reqPerSec / floor.reqPerSec },
      serverRssPeakMb,
      serverStats: await server.stats(true),
      peers: peerCounts,
    };
    return { http, reindexUnderLoad };
  } finally {
    clearInterval(sampler);
    await server.stop();
    await peers.close();
  }
}

function goals(r: Omit<BenchReport, 'goals' | 'totalS'>): Goal[] {
  const g = (name: string, value: number | undefined, op: '<=' | '>=', limit: number, unit: string, digits = 0): Goal => ({
    name,
    value,
    op,
    limit,
    unit,
    digits,
    pass: value !== undefined && (op === '<=' ? value <= limit : value >= limit),
  });
  const large = 'skipped' in r.engine.large ? undefined : r.engine.large;
  return [
    g('answer p50, content/', r.engine.content.answerMs.p50, '<=', 0.5, 'ms', 2),
    g('answer p50, 783 pages', large?.answerMs.p50, '<=', 2, 'ms', 2),
    g('answer p99, content/', r.engine.content.answerMs.p99, '<=', 1, 'ms', 2),
    g('answer p99, 783 pages', large?.answerMs.p99, '<=', 10, 'ms', 2),
    g('load persisted index, 783 pages', large?.loadMs.median, '<=', 500, 'ms'),
    g('/api/messages req/s vs floor', r.http.ratioToFloor.teams * 100, '>=', 50, '%'),
    g('/api/messages p99', r.http.teams.latencyMs.p99, '<=', 50, 'ms'),
    g('/slack/events req/s vs floor', r.http.ratioToFloor.slack * 100, '>=', 50, '%'),
    g('/slack/events p99', r.http.slack.latencyMs.p99, '<=', 50, 'ms'),
    g('server RSS under load, content/', r.http.serverRssPeakMb, '<=', 150, 'MB'),
    g('ready, cold (builds index)', r.startup.coldMedianMs, '<=', 1500, 'ms'),
    g('ready, warm (loads index)', r.startup.warmMedianMs, '<=', 1500, 'ms'),
    g('listens, content/', r.startup.listenMaxMs, '<=', 3000, 'ms'),
    ...(r.startupLarge ? [g('listens, 783 pages', r.startupLarge.listenMaxMs, '<=', 3000, 'ms')] : []),
    g('failed requests during reindex', r.reindexUnderLoad.failed, '<=', 0, ''),
  ];
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const ms = (n: number, digits = 0) => `${n.toFixed(digits)} ms`;
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ').trimEnd();

function formatEngine(content: EngineBenchResult, large: EngineBenchResult | { skipped: string }): string[] {
  const w = [26, 22, 24];
  const l = 'skipped' in large ? undefined : large;
  const cell = (f: (r: EngineBenchResult) => string) => [f(content), l ? f(l) : 'skipped'];
  return [
    row(['ENGINE (own child process)', 'content/', 'content/ + 783 pages'], w),
    row(['documents / passages', ...cell((r) => `${r.documents} / ${r.passages}`)], w),
    row(['build', ...cell((r) => ms(r.buildMs))], w),
    row(['load persisted (median)', ...cell((r) => ms(r.loadMs.median))], w),
    row(['answer p50 / p99', ...cell((r) => `${r.answerMs.p50.toFixed(2)} / ${r.answerMs.p99.toFixed(2)} ms`)], w),
    row(['  warm p50 / p99', ...cell((r) => `${r.answerMs.warm.p50.toFixed(2)} / ${r.answerMs.warm.p99.toFixed(2)} ms`)], w),
    row(['answers timed', ...cell((r) => String(r.answerMs.questions))], w),
    row(['RSS', ...cell((r) => `${Math.round(r.rssMb)} MB`)], w),
    ...(l ? [] : [`  (${(large as { skipped: string }).skipped})`]),
  ];
}

function formatLoad(rows: { r: LoadResult; ratio?: number }[]): string[] {
  const w = [20, 8, 7, 8, 8, 7, 8, 4, 9, 11];
  return [
    row(['path', 'req/s', 'p50', 'p99', 'max', 'errors', 'non-2xx', 'bad', 'vs floor', 'server CPU'], w),
    ...rows.map(({ r, ratio }) =>
      row([
        r.name, r.reqPerSec.toFixed(0), ms(r.latencyMs.p50), ms(r.latencyMs.p99), ms(r.latencyMs.max), String(r.errors), String(r.non2xx), String(r.badReplies),
        ratio === undefined ? '' : `${(ratio * 100).toFixed(0)} %`, r.serverCpuPct === undefined ? '' : `${r.serverCpuPct.toFixed(0)} %`,
      ], w),
    ),
  ];
}

/** The readable table of a report. */
export function formatReport(r: BenchReport): string {
  const h = r.http;
  const u = r.reindexUnderLoad;
  const s = r.startup;
  const runs = (xs: { readyMs: number; index?: string }[]) => xs.map((x) => `${Math.round(x.readyMs)}${x.index ? ` ${x.index}` : ''}`).join(', ');
  const lines = [
    `privacy-bot bench ${r.at}: node ${r.node}, ${r.cpus} CPUs, load average at start ${r.loadavgAtStart.map((x) => x.toFixed(2)).join(' ')}`,
    '',
    ...formatEngine(r.engine.content, r.engine.large),
    '',
    `HTTP: real app (content/) in a child process on 127.0.0.1, autocannon ${r.options.connections} connections, ${r.options.durationS} s per path`,
    ...formatLoad([{ r: h.floor }, { r: h.teams, ratio: h.ratioToFloor.teams }, { r: h.slack, ratio: h.ratioToFloor.slack }]),
    `server RSS peak under load ${Math.round(h.serverRssPeakMb)} MB${h.serverStats.afterGc ? `; after the runs + full GC: RSS ${Math.round(h.serverStats.afterGc.rssMb)} MB, live heap ${Math.round(h.serverStats.afterGc.heapUsedMb)} MB` : ''}`,
    `server log lines ${h.serverStats.logLines}; the fake connector got ${h.peers.connectorRequests} posts (typing + reply per message) over ${h.peers.connectorConnections} connections, the fake Slack API ${h.peers.slackRequests}`,
    '',
    `REINDEX UNDER LOAD: POST /admin/reindex at ${(u.reindex.calledAtMs / 1000).toFixed(1)} s of a ${r.options.durationS} s /api/messages run`,
    ...formatLoad([{ r: u.load }]),
    `reindex: HTTP ${u.reindex.status}, ok ${u.reindex.ok}, answered after ${ms(u.reindex.tookMs)}${u.reindex.durationMs === undefined ? '' : ` (build ${u.reindex.durationMs} ms)`}${u.reindex.error ? `, error ${u.reindex.error}` : ''}` +
      (u.reindex.calledAtMs + u.reindex.tookMs <= r.options.durationS * 1000 ? ', within the load run' : ', AFTER the load run ended (the swap was not under load)'),
    `failed requests ${u.failed}; server RSS peak ${Math.round(u.rssPeakMb)} MB`,
    '',
    `START-UP: node dist/main.js, spawn to listening (first answer of /readyz) and to ready (first 200 from /readyz)`,
    ...[['content/', s] as const, ...(r.startupLarge ? [['783 pages', r.startupLarge] as const] : [])].flatMap(([name, x]) => [
      `${name}: listens within ${ms(x.listenMaxMs)} (slowest of ${x.cold.length + x.warm.length} starts)`,
      `cold (empty data dir):   median ${ms(x.coldMedianMs)}  runs ${runs(x.cold)} ms${x.cold[0]?.rssMb ? `; RSS at ready ${Math.round(x.cold[0].rssMb)} MB` : ''}`,
      `warm (persisted index):  median ${ms(x.warmMedianMs)}  runs ${runs(x.warm)} ms${x.warm[0]?.rssMb ? `; RSS at ready ${Math.round(x.warm[0].rssMb)} MB` : ''}`,
    ]),
    '',
    'GOALS',
    ...r.goals.map((g) =>
      row([g.name, g.value === undefined ? 'n/a' : `${g.value.toFixed(g.digits)} ${g.unit}`.trim(), `${g.op === '<=' ? '≤' : '≥'} ${g.limit} ${g.unit}`.trim(), g.pass ? 'PASS' : 'MISS'], [34, 12, 12, 5]),
    ),
    '',
    `total ${r.totalS.toFixed(0)} s`,
    '',
  ];
  return lines.join('\n');
}

function numberArg(argv: string[], name: string, fallback: number, min: number, max: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return n;
}

/** Runs every bench; resolves to the process exit code. */
export async function runBench(argv: string[]): Promise<number> {
  const t0 = performance.now();
  const durationS = numberArg(argv, '--duration', 10, 1, 60);
  const connections = numberArg(argv, '--connections', 50, 1, 1000);
  const at = new Date().toISOString();
  const loadavgAtStart = loadavg();
  progress(`${cpus().length} CPUs, load average ${loadavgAtStart.map((l) => l.toFixed(2)).join(' ')} (other work on these cores makes the figures noisy)`);

  progress('engine bench: content/');
  const content = await engineInChild(CONTENT);
  const missing = missingTrees('corpora/m365-security-nl-NL');
  let large: EngineBenchResult | { skipped: string };
  if (missing.length > 0) {
    large = { skipped: `corpus not found: ${missing.join(', ')}` };
    progress(`engine bench: 783 pages skipped (${large.skipped})`);
  } else {
    progress('engine bench: content/ + corpora/m365-security-nl-NL (builds the 783-page index, ~20 s)');
    large = await engineInChild(LARGE);
  }

  const { http, reindexUnderLoad } = await httpBenches(durationS, connections);
  progress('start-up bench: node dist/main.js, 3 cold + 3 warm starts');
  const startup = await runStartupBench({ root: ROOT, contentDirs: CONTENT });
  let startupLarge: StartupBenchResult | undefined;
  if (!('skipped' in large)) {
    progress('start-up bench: node dist/main.js with the 783-page tree, 1 cold + 1 warm start');
    startupLarge = await runStartupBench({ root: ROOT, contentDirs: LARGE, runs: 1, timeoutMs: 300_000 });
  }

  const partial = { at, node: process.version, cpus: cpus().length, loadavgAtStart, options: { durationS, connections }, engine: { content, large }, http, reindexUnderLoad, startup, startupLarge };
  const report: BenchReport = { ...partial, goals: goals(partial), totalS: (performance.now() - t0) / 1000 };

  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(report, null, 2);
  const file = join(dir, `bench-${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  process.stdout.write(formatReport(report));
  process.stdout.write(`\nresults: ${file}\n`);

  const reindexOk = reindexUnderLoad.reindex.status === 200 && reindexUnderLoad.reindex.ok;
  if (reindexUnderLoad.failed > 0 || !reindexOk) {
    process.stderr.write(`bench: reindex under load FAILED (${reindexUnderLoad.failed} failed requests, reindex status ${reindexUnderLoad.reindex.status}, ok ${reindexUnderLoad.reindex.ok})\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  if (process.argv[2] === '--engine') {
    // Child mode: one engine bench, result over IPC.
    const result = runEngineBench({ contentDirs: process.argv.slice(3), log: (s) => process.stderr.write(`[bench]   ${s}`) });
    process.send?.(result, () => process.exit(0));
  } else {
    runBench(process.argv.slice(2)).then(
      (code) => process.exit(code),
      (err: Error) => {
        process.stderr.write(`bench crashed: ${err.stack ?? err.message}\n`);
        process.exit(1);
      },
    );
  }
}
