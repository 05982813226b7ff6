/**
 * Composition: configuration → reindex service → bot → channel plugins → restify server.
 * Builds everything but does not listen, so tests and the bench can run the real app on any port.
 * The index is not loaded here: {@link App.open} loads or builds it in a worker thread, so the server can
 * listen at once and answer `/readyz` with 503 (and questions with "starting up") until it serves.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as restify from 'restify';
import { createAuditLog } from './bot/auditLog';
import { createBot } from './bot/createBot';
import { withTurnLog } from './bot/turnLog';
import { createFeedbackLog, type FeedbackLog } from './bot/feedbackLog';
import { createTexts } from './bot/i18n';
import { createJsonlLog } from './bot/jsonlLog';
import { nullSink, type RecordSink } from './bot/recordSink';
import { createServiceHealth } from './bot/serviceHealth';
import type { Bot } from './bot/types';
import type { SlackPlugin } from './channels/slack/slackPlugin';
import type { Logger } from './core/logger';
import { configWarnings, type Config } from './config';
import type { SearchIndex } from './core/searchIndex';
import { tick } from './core/indexWorker';
import { loadLanguageResources } from './core/query/prepareIndex';
import { createReindexService, type AuditEntry, type OpenReport, type ReindexService } from './core/reindexService';
import { startSchedule } from './core/remoteSources';
import { createAdminPlugin } from './server/adminPlugin';
import { buildServer, type ServerPlugin } from './server/buildServer';
import { createRejectionSummary } from './server/rejectionSummary';
import { sharedRecordSink } from './state/adminLogs';
import { installRequestLog } from './server/requestLog';
import { joinFleet } from './state/joinFleet';
import type { SharedState } from './state/sharedState';

/** The composed application. */
export interface App {
  server: restify.Server;
  bot: Bot;
  service: ReindexService;
  /** Names of the surfaces that are on, for the start-up log. */
  surfaces: string[];
  /**
   * Loads or builds the index (in a worker), runs the self-test, and starts the reindex schedule.
   * Never rejects; a report with `ok: false` means no index could be had (the caller should exit).
   */
  open(): Promise<OpenReport>;
  /** Stops timers (the reindex schedule) and closes outbound connections (Slack Socket Mode). */
  stop(): void;
  /**
   * Opens outbound connections (Slack Socket Mode; nothing over HTTP). Resolves once connected; failures
   * are retried and logged by the transport, so callers only log a final rejection.
   */
  connect(): Promise<void>;
  /** Resolves when every log has written what it accepted (for a clean shutdown). */
  flushLogs(): Promise<void>;
  feedbackLog: FeedbackLog;
  auditLog: RecordSink<AuditEntry>;
}

/** A problem with the environment the app is started in (a folder missing or in the way): exit code 2. */
export class StartupError extends Error {}

/** Content folders must exist and hold a manifest; the data folder must be (or become) a folder. */
function checkFolders(config: Config, dataDir: string, log: Logger): void {
  for (const dir of config.contentDirs) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new StartupError(`CONTENT_DIRS: content folder ${dir} does not exist`);
    }
    if (!isDir) throw new StartupError(`CONTENT_DIRS: ${dir} is not a folder`);
    try {
      statSync(join(dir, 'sources.json'));
    } catch {
      throw new StartupError(`CONTENT_DIRS: content folder ${dir} has no sources.json`);
    }
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new StartupError(`DATA_DIR: ${dataDir} is not a folder (a file is in the way)`);
    // Read-only or not permitted: the index is built in memory and the logs report their write failures.
    log.warn({ dataDir, code }, 'data folder cannot be created: nothing will be saved');
    return;
  }
  if (!statSync(dataDir).isDirectory()) throw new StartupError(`DATA_DIR: ${dataDir} is not a folder (a file is in the way)`);
}

/** Several replicas: the shared state (src/state) and the index it gave at start, if any. */
export interface AppOptions {
  shared?: SharedState;
  /** The fleet's current index, loaded from the shared store: served instead of opening content/. */
  initialIndex?: SearchIndex;
}

/** Builds the app from a validated configuration. Throws {@link StartupError} for a bad folder. */
export function createApp(config: Config, log: Logger, options: AppOptions = {}): App {
  const { shared } = options;
  const texts = createTexts();
  const dataDir = resolve(config.dataDir);
  checkFolders(config, dataDir, log);
  const indexPath = join(dataDir, 'index.json');
  const logs = config.logs ?? { feedback: true, maxBytes: 5 * 1024 * 1024, maxFiles: 5 };
  const rotation = { maxBytes: logs.maxBytes, maxFiles: logs.maxFiles };

  // With Redis the logs go to shared streams; each replica's JSONL files are the fallback while it is down.
  const auditPath = join(dataDir, 'audit.jsonl');
  const feedbackPath = join(dataDir, 'feedback.jsonl');
  const auditLog = createAuditLog({
    path: auditPath, log, userIdKey: logs.userIdKey, rotation,
    sink: shared && sharedRecordSink(shared, () => 'audit', createJsonlLog({ path: auditPath, name: 'audit log', log, rotation })),
  });
  const feedbackLog: FeedbackLog = logs.feedback
    ? createFeedbackLog(feedbackPath, {
      log, userIdKey: logs.userIdKey, rotation,
      sink: shared && sharedRecordSink(shared, (e) => (e.kind === 'unanswered' ? 'unanswered' : 'feedback'), createJsonlLog({ path: feedbackPath, name: 'feedback log', log, rotation })),
    })
    : nullSink();
  const health = createServiceHealth();
  const service = createReindexService({
    contentDirs: config.contentDirs,
    indexPath,
    initial: options.initialIndex,
    audit: (entry) => auditLog.record(entry),
    distribution: shared?.distribution,
    log,
    remote: config.reindex.fetch
      ? { enabled: true, cacheDir: join(dataDir, 'remote-cache'), timeoutMs: config.reindex.timeoutMs, maxBytes: config.reindex.maxBytes }
      : undefined,
  });
  // Every swap is followed by the self-test, whoever asked for the reindex.
  const reindex: ReindexService['reindex'] = (req) =>
    service.reindex(req).then(async (report) => {
      if (report.ok && !report.coalesced) await health.selfTest(bot, service.current());
      return report;
    });
  const admins = { teams: new Set(config.teams.adminIds), slack: new Set(config.slack?.adminIds ?? []) };
  const bot: Bot = withTurnLog(createBot({
    index: () => (service.ready() ? service.current() : undefined),
    texts,
    isAdmin: (surface, userId) => {
      const ok = surface === 'teams' ? admins.teams.has(userId) : surface === 'slack' ? admins.slack.has(userId) : false;
      if (!ok) service.refused({ who: userId, surface, detail: 'not an admin' });
      return ok;
    },
    reindex,
    reindexRunning: () => service.running(),
    log,
    onTurnFailure: () => health.turnFailed(),
  }), log, { questions: config.log?.questions });

  // Refused requests of every surface are counted here and logged as one summary per interval.
  const rejections = createRejectionSummary({ log, surface: 'http' });
  for (const warning of configWarnings(config)) log.warn({ warning }, 'UNAUTHENTICATED Teams endpoint');
  const plugins: ServerPlugin[] = [];
  // A channel's SDK is loaded only when the channel is on: botbuilder costs ~0.5 s of start-up, @slack/bolt ~0.2 s.
  if (config.teams.mode !== 'off') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when Teams is on
    const { createTeamsPlugin } = require('./channels/teams/teamsPlugin') as typeof import('./channels/teams/teamsPlugin');
    plugins.push(createTeamsPlugin({
      bot,
      auth: { appId: config.teams.appId, appPassword: config.teams.appPassword, appType: config.teams.appType, tenantId: config.teams.tenantId, openIdMetadataUrl: config.teams.openIdMetadataUrl },
      texts,
      feedbackLog,
      feedbackSigningKey: config.feedbackSigningKey,
      log,
      activityIds: shared?.dedup('teams-activity', 60 * 60 * 1000),
      rejections,
      timeouts: { outboundMs: config.outbound.timeoutMs, turnMs: config.outbound.teamsTurnMs },
    }));
  }
  let slack: SlackPlugin | undefined;
  if (config.slack) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when Slack is on
    const { createSlackPlugin } = require('./channels/slack/slackPlugin') as typeof import('./channels/slack/slackPlugin');
    plugins.push(slack = createSlackPlugin({
      bot,
      signingSecret: config.slack.signingSecret,
      socketMode: config.slack.socketMode,
      botToken: config.slack.botToken,
      botUserId: config.slack.botUserId,
      botId: config.slack.botId,
      slackApiUrl: config.slack.apiUrl,
      texts,
      feedbackLog,
      feedbackSigningKey: config.feedbackSigningKey,
      log,
      outbound: config.slackOutbound,
      rejections,
      slackApiTimeoutMs: config.outbound.timeoutMs,
      // Shared too: a share whose post failed is released fleet-wide, so the asker may click again at once.
      claims: shared?.claims('slack-share'),
      shared: shared && {
        eventIds: shared.dedup('slack-event', 60 * 60 * 1000),
        answers: shared.values('slack-answer', 24 * 60 * 60 * 1000),
        claims: shared.claims('slack'),
      },
    }));
  }
  const admin = createAdminPlugin({
    token: config.adminToken,
    service: { reindex, refused: (r) => service.refused(r) },
    log,
    throttle: shared?.throttle('admin', { maxFailures: 5, windowMs: 60_000 }),
  });
  plugins.push(admin);

  let state: { phase: 'created' | 'loading' | 'serving' | 'failed'; reason?: string } = { phase: 'created' };
  const server = buildServer({
    plugins,
    health: () => {
      const answering = health.status();
      const status = state.phase === 'serving' ? answering.status : state.phase === 'failed' ? 'degraded' : 'starting';
      // Redis down is "degraded", not "down": answering goes on from the loaded index.
      const redis = shared?.status();
      const degraded = status === 'ok' && redis !== undefined && redis.state !== 'up';
      return { ...service.health(), ...answering, status: degraded ? 'degraded' : status, ...(redis ? { redis } : {}), logs: { feedback: feedbackLog.stats(), audit: auditLog.stats() } };
    },
    readiness: () =>
      state.phase === 'serving'
        ? { ready: true, indexVersion: service.health().indexVersion }
        : { ready: false, reason: state.reason ?? 'the index is loading' },
    log,
    rejections,
    trustProxy: config.trustProxy,
  });
  installRequestLog(server, log);

  let stopSchedule = () => undefined as void;
  let leaveFleet = () => undefined as void;
  let opened: Promise<OpenReport> | undefined;
  const open = async (): Promise<OpenReport> => {
    state = { phase: 'loading', reason: 'the index is loading or being built' };
    // The dictionaries and word classes (about a second of CPU) load beside the index, in parts, so that
    // neither the self-test nor a request after readiness waits for them.
    const [report] = await Promise.all([service.open(), loadLanguageResources(tick)]);
    for (const p of report.problems) log.warn({ file: p.file, reason: p.reason }, report.ok ? 'index problem' : 'no index');
    if (!report.ok) {
      state = { phase: 'failed', reason: 'no index could be loaded or built' };
      return report;
    }
    await health.selfTest(bot, service.current());
    state = { phase: 'serving' };
    if (config.reindex.intervalMs) stopSchedule = startSchedule({ ...service, reindex }, config.reindex.intervalMs, log);
    if (shared) leaveFleet = joinFleet(shared, service, log);
    return report;
  };

  return {
    server,
    bot,
    service,
    surfaces: plugins.map((p) => p.name),
    open: () => (opened ??= open()),
    stop: () => {
      stopSchedule();
      leaveFleet();
      // The last interval's refusals are written before the process ends.
      rejections.stop();
      admin.stop();
      void slack?.stop();
    },
    flushLogs: async () => {
      await Promise.all([feedbackLog.flush(), auditLog.flush()]);
    },
    feedbackLog,
    auditLog,
    connect: async () => slack?.start(),
  };
}
