/**
 * HTTP bench: the real app (createApp) in a child process on 127.0.0.1, loaded with autocannon from the
 * bench process. Three paths are measured at the same concurrency: `POST /api/messages` (Teams
 * activities, replies go to a fake connector), `POST /slack/events` (signed slash commands, the answer
 * comes back in the ack) and `GET /bench/floor` (a bare route on the same server: restify's own cost).
 *
 * The server runs in its own process so the load generator does not share its event loop, and so its
 * memory can be read on its own. This file is also that child's entry point (see the bottom).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as restify from 'restify';
import type { App } from '../app';
import { createTexts } from '../bot/i18n';
import type { Config } from '../config';
import type { ServerPlugin } from '../server/buildServer';
import { procCpuSeconds, procRssMb } from './startupBench';
import { lineLogger } from '../core/logger';

/** The subset of autocannon's options and result this bench uses (the package ships no types). */
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: (CannonRequest & {
    setupRequest?: (req: CannonRequest) => CannonRequest;
    onResponse?: (status: number, body: string) => void;
  })[];
}
interface CannonResult {
  requests: { mean: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
type Cannon = (opts: CannonOptions, cb: (err: Error | null, result: CannonResult) => void) => unknown;

/** Figures of one load run. */
export interface LoadResult {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx answers that were not a well-formed reply (Slack: no `blocks`; Teams: reply missing at the connector). */
  badReplies: number;
  /** CPU time of the server process over the run's wall time (100 % = one core busy), where /proc exists. */
  serverCpuPct?: number;
}

/** What the bench server child reports about itself. */
export interface ServerStats {
  rssMb: number;
  heapUsedMb: number;
  /** After a full garbage collection: what is live, as opposed to garbage not yet collected. */
  afterGc?: { rssMb: number; heapUsedMb: number };
  logLines: number;
  /** Last log lines (no user text: the app never logs it). */
  lastLog: string[];
}

/** Messages from the bench server child. */
type ChildMessage = { kind: 'ready'; port: number } | { kind: 'stats'; stats: ServerStats } | { kind: 'failed'; error: string };

/** Secrets of one bench server (random per run, never persisted). */
export interface BenchSecrets {
  signingSecret: string;
  adminToken: string;
}

/** A running bench server child. */
export interface BenchServer {
  base: string;
  pid: number;
  secrets: BenchSecrets;
  /** Resident memory of the child, from /proc when available (no round trip), else asked over IPC. */
  rssMb(): Promise<number>;
  /** Memory and log counters of the child; with `gc`, also after a full collection. */
  stats(gc?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
}

const cannon = createRequire(__filename)('autocannon') as Cannon;

/** Runs autocannon and resolves with its result. */
export function runCannon(opts: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    cannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Summarises an autocannon result. */
export function toLoadResult(name: string, connections: number, r: CannonResult, badReplies = 0): LoadResult {
  return {
    name,
    connections,
    durationS: r.duration,
    requests: r.requests.total,
    reqPerSec: r.requests.mean,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    badReplies,
  };
}

/** Runs `load` and adds the server's CPU use over it. */
export async function withServerCpu(pid: number, load: () => Promise<LoadResult>): Promise<LoadResult> {
  const cpu0 = procCpuSeconds(pid);
  const t0 = performance.now();
  const result = await load();
  const cpu1 = procCpuSeconds(pid);
  if (cpu0 === undefined || cpu1 === undefined) return result;
  return { ...result, serverCpuPct: ((cpu1 - cpu0) / ((performance.now() - t0) / 1000)) * 100 };
}

/** Starts the real app in a child process; resolves once it listens. */
export function startBenchServer(options: { contentDirs: string[]; slackApiUrl: string; cwd: string }): Promise<BenchServer> {
  const secrets: BenchSecrets = { signingSecret: randomBytes(16).toString('hex'), adminToken: randomBytes(16).toString('hex') };
  // --expose-gc only lets stats() tell live memory from garbage; it changes nothing else. restify's
  // deprecation warning (DEP0111) at load is noise here.
  const child: ChildProcess = fork(__filename, ['--serve'], {
    cwd: options.cwd,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc', '--no-deprecation'],
  });
  const waiters: ((m: ChildMessage) => void)[] = [];
  child.on('message', (m: ChildMessage) => waiters.splice(0).forEach((w) => w(m)));
  const next = (timeoutMs: number) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const waiter = (m: ChildMessage) => (clearTimeout(timer), resolve(m));
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error('bench server child did not answer'));
      }, timeoutMs);
      waiters.push(waiter);
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ kind: 'start', contentDirs: options.contentDirs, slackApiUrl: options.slackApiUrl, ...secrets });
  const failed = (reason: string): never => {
    child.kill('SIGKILL');
    throw new Error(`bench server failed to start: ${reason}`);
  };
  return next(60_000).then((m) => {
    if (m.kind !== 'ready') return failed(m.kind === 'failed' ? m.error : m.kind);
    const stats = async (gc = false) => {
      const reply = next(10_000);
      child.send({ kind: 'stats', gc });
      const s = await reply;
      if (s.kind !== 'stats') throw new Error('bench server: unexpected answer to stats');
      return s.stats;
    };
    return {
      base: `http://127.0.0.1:${m.port}`,
      pid: child.pid ?? 0,
      secrets,
      stats,
      rssMb: async () => procRssMb(child.pid ?? 0) ?? (await stats()).rssMb,
      stop: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      },
    };
  }, (err: Error) => failed(err.message));
}

/** The floor route: what restify costs without any bot work. Mounted by the bench only. */
export function floorPlugin(): ServerPlugin {
  return {
    name: 'bench-floor',
    mount(server: restify.Server) {
      server.get('/bench/floor', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
        res.json(200, { ok: true });
        return next();
      });
    },
  };
}

/** Example questions, alternating English and Dutch. */
export function benchQuestions(): { text: string; lang: 'en' | 'nl' }[] {
  const texts = createTexts();
  const en = texts.examples('en');
  const nl = texts.examples('nl');
  const out: { text: string; lang: 'en' | 'nl' }[] = [];
  for (let i = 0; i < Math.max(en.length, nl.length); i++) {
    if (en[i]) out.push({ text: en[i], lang: 'en' });
    if (nl[i]) out.push({ text: nl[i], lang: 'nl' });
  }
  return out;
}

/** A Teams personal-chat message activity as Teams posts it to the bot. */
export function teamsActivity(n: number, question: { text: string; lang: 'en' | 'nl' }, serviceUrl: string): Record<string, unknown> {
  const user = n % 50;
  return {
    type: 'message',
    id: `1700000000${String(n).padStart(6, '0')}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:bench-user-${user}`, name: `Bench User ${user}`, aadObjectId: `00000000-0000-0000-0000-${String(user).padStart(12, '0')}` },
    conversation: { conversationType: 'personal', tenantId: 'bench-tenant', id: `a:bench-conversation-${user}` },
    recipient: { id: '28:bench-bot', name: 'Privacy Bot' },
    textFormat: 'plain',
    locale: question.lang === 'nl' ? 'nl-NL' : 'en-US',
    text: question.text,
    entities: [{ type: 'clientInfo', locale: question.lang === 'nl' ? 'nl-NL' : 'en-US', country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' }],
    channelData: { tenant: { id: 'bench-tenant' } },
  };
}

/** A `/privacy` slash command body as Slack posts it (form-encoded). */
export function slashCommandBody(n: number, question: string, responseBase: string): string {
  return new URLSearchParams({
    token: 'bench', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'general',
    user_id: `U0BENCH${n % 50}`, user_name: 'bench', command: '/privacy', text: question, api_app_id: 'A0BENCH',
    is_enterprise_install: 'false', response_url: `${responseBase}/response/${n}`, trigger_id: `bench.${n}`,
  }).toString();
}

/** Slack's request signature headers for `body`, with the current time. */
export function slackSignature(secret: string, body: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    'x-slack-request-timestamp': ts,
    'x-slack-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex'),
  };
}

/** Load options shared by every run. */
export interface LoadOptions {
  base: string;
  connections: number;
  durationS: number;
}

/** `GET /bench/floor`. */
export async function loadFloor(o: LoadOptions): Promise<LoadResult> {
  const r = await runCannon({ url: `${o.base}/bench/floor`, connections: o.connections, duration: o.durationS });
  return toLoadResult('GET /bench/floor', o.connections, r);
}

/** `POST /api/messages` with Teams activities; `replies()` tells how many replies the connector got so far. */
export async function loadTeams(o: LoadOptions & { serviceUrl: string; replies: () => number }): Promise<LoadResult> {
  const questions = benchQuestions();
  let n = 0;
  const before = o.replies();
  const r = await runCannon({
    url: `${o.base}/api/messages`,
    connections: o.connections,
    duration: o.durationS,
    requests: [{
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      setupRequest: (req) => {
        n += 1;
        return { ...req, body: JSON.stringify(teamsActivity(n, questions[n % questions.length], o.serviceUrl)) };
      },
    }],
  });
  // Every 200 means the bot finished its turn, reply included: the connector must have had one per 200.
  const missing = Math.max(0, r['2xx'] - (o.replies() - before));
  return toLoadResult('POST /api/messages', o.connections, r, missing);
}

/** `POST /slack/events` with signed `/privacy` commands; the answer (blocks) must come back in the ack. */
export async function loadSlack(o: LoadOptions & { signingSecret: string; responseBase: string }): Promise<LoadResult> {
  const questions = benchQuestions();
  let n = 0;
  let bad = 0;
  const r = await runCannon({
    url: `${o.base}/slack/events`,
    connections: o.connections,
    duration: o.durationS,
    requests: [{
      method: 'POST',
      path: '/slack/events',
      setupRequest: (req) => {
        n += 1;
        const body = slashCommandBody(n, questions[n % questions.length].text, o.responseBase);
        return { ...req, body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(o.signingSecret, body) } };
      },
      onResponse: (status, body) => {
        if (status === 200 && !body.includes('"blocks"')) bad += 1;
      },
    }],
  });
  return toLoadResult('POST /slack/events', o.connections, r, bad);
}

// ---- child: the bench server ------------------------------------------------------------------

interface StartMessage extends BenchSecrets {
  kind: 'start';
  contentDirs: string[];
  slackApiUrl: string;
}

function serve(): void {
  const send = (m: ChildMessage) => process.send?.(m);
  const lastLog: string[] = [];
  let logLines = 0;
  const log = (line: string) => {
    logLines += 1;
    lastLog.push(line.slice(0, 300));
    if (lastLog.length > 20) lastLog.shift();
  };
  let dataDir: string | undefined;
  let app: App | undefined;
  const shutdown = () => {
    app?.stop();
    app?.server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('disconnect', shutdown);
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String(reason)}`));
  process.on('message', async (m: StartMessage | { kind: 'stats'; gc?: boolean }) => {
    if (m.kind === 'stats') {
      const mem = process.memoryUsage();
      const gc = (globalThis as { gc?: () => void }).gc;
      let afterGc: ServerStats['afterGc'];
      if (m.gc && gc) {
        gc();
        const after = process.memoryUsage();
        afterGc = { rssMb: after.rss / 1048576, heapUsedMb: after.heapUsed / 1048576 };
      }
      send({ kind: 'stats', stats: { rssMb: mem.rss / 1048576, heapUsedMb: mem.heapUsed / 1048576, afterGc, logLines, lastLog: [...lastLog] } });
      return;
    }
    try {
      dataDir = mkdtempSync(join(tmpdir(), 'privacy-bot-httpbench-'));
      const config: Config = {
        port: 0,
        host: '127.0.0.1',
        contentDirs: m.contentDirs,
        dataDir,
        teams: { mode: 'local', appType: 'MultiTenant', adminIds: [] },
        slack: { signingSecret: m.signingSecret, botToken: 'xoxb-bench', apiUrl: m.slackApiUrl, adminIds: [] },
        adminToken: m.adminToken,
        reindex: { fetch: false, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 },
        outbound: { timeoutMs: 5000, teamsTurnMs: 12_000 },
        allowUnauthenticatedRemote: false,
      };
      // Loaded here, not at the top: the bench process (the load generator) never loads the app.
      const { createApp } = await import('../app');
      const created = createApp(config, lineLogger(log));
      app = created;
      floorPlugin().mount(created.server);
      created.server.listen(0, '127.0.0.1', () => send({ kind: 'ready', port: (created.server.address() as AddressInfo).port }));
    } catch (err) {
      send({ kind: 'failed', error: (err as Error).message });
    }
  });
}

if (require.main === module && process.argv[2] === '--serve') serve();
