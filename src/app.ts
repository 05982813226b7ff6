/**
 * Composition: configuration → index → reindex service → bot → channel plugins → restify server.
 * Builds everything but does not listen, so tests and the bench can run the real app on any port.
 */
import { join, resolve } from 'node:path';
import type * as restify from 'restify';
import { createAuditLog } from './bot/auditLog';
import { createBot } from './bot/createBot';
import { withTurnLog } from './bot/turnLog';
import { createFeedbackLog } from './bot/feedbackLog';
import { createTexts } from './bot/i18n';
import type { Bot } from './bot/types';
import { createSlackPlugin, type SlackPlugin } from './channels/slack/slackPlugin';
import { createTeamsPlugin } from './channels/teams/teamsPlugin';
import type { Logger } from './core/logger';
import { configWarnings, type Config } from './config';
import { openIndex } from './core/indexStore';
import { createReindexService, type ReindexService } from './core/reindexService';
import { startSchedule } from './core/remoteSources';
import { createAdminPlugin } from './server/adminPlugin';
import { buildServer, type ServerPlugin } from './server/buildServer';
import { installRequestLog } from './server/requestLog';
import type { SearchIndex } from './core/searchIndex';
import { sharedAuditLog, sharedFeedbackLog } from './state/adminLogs';
import { joinFleet } from './state/joinFleet';
import type { SharedState } from './state/sharedState';
import { createRejectionSummary } from './server/rejectionSummary';

/** The composed application. */
export interface App {
  server: restify.Server;
  bot: Bot;
  service: ReindexService;
  /** Names of the surfaces that are on, for the start-up log. */
  surfaces: string[];
  /** Stops timers (the reindex schedule) and closes outbound connections (Slack Socket Mode). */
  stop(): void;
  /**
   * Opens outbound connections (Slack Socket Mode; nothing over HTTP). Resolves once connected; failures
   * are retried and logged by the transport, so callers only log a final rejection.
   */
  connect(): Promise<void>;
  /** How the index was obtained at start. */
  startup: { built: boolean; ms: number; problems: { file: string; reason: string }[] };
}

/** Several replicas: the shared state (src/state) and the index it gave at start, if any. */
export interface AppOptions {
  shared?: SharedState;
  /** The fleet's current index, loaded from the shared store: used instead of opening content/. */
  initialIndex?: SearchIndex;
}

/** Builds the app from a validated configuration. */
export function createApp(config: Config, log: Logger, options: AppOptions = {}): App {
  const { shared } = options;
  const texts = createTexts();
  const dataDir = resolve(config.dataDir);
  const indexPath = join(dataDir, 'index.json');
  const opened = options.initialIndex
    ? { index: options.initialIndex, built: false, problems: [], ms: 0 }
    : openIndex(config.contentDirs, indexPath);
  for (const p of opened.problems) log.warn({ file: p.file, reason: p.reason }, 'content problem');

  const service = createReindexService({
    contentDirs: config.contentDirs,
    indexPath,
    initial: opened.index,
    audit: shared ? sharedAuditLog(shared, join(dataDir, 'audit.jsonl'), log) : createAuditLog({ path: join(dataDir, 'audit.jsonl'), log }),
    distribution: shared?.distribution,
    log,
    remote: config.reindex.fetch
      ? { enabled: true, cacheDir: join(dataDir, 'remote-cache'), timeoutMs: config.reindex.timeoutMs, maxBytes: config.reindex.maxBytes }
      : undefined,
  });
  const admins = { teams: new Set(config.teams.adminIds), slack: new Set(config.slack?.adminIds ?? []) };
  const bot = withTurnLog(createBot({
    index: () => service.current(),
    texts,
    isAdmin: (surface, userId) => {
      const ok = surface === 'teams' ? admins.teams.has(userId) : surface === 'slack' ? admins.slack.has(userId) : false;
      if (!ok) service.refused({ who: userId, surface, detail: 'not an admin' });
      return ok;
    },
    reindex: (req) => service.reindex(req),
    reindexRunning: () => service.running(),
    log,
  }), log, { questions: config.log?.questions });

  const fileFeedbackLog = createFeedbackLog(join(dataDir, 'feedback.jsonl'), { log });
  const feedbackLog = shared ? sharedFeedbackLog(shared, fileFeedbackLog) : fileFeedbackLog;
  // Refused requests of every surface are counted here and logged as one summary per interval.
  const rejections = createRejectionSummary({ log, surface: 'http' });
  for (const warning of configWarnings(config)) log.warn({ warning }, 'UNAUTHENTICATED Teams endpoint');
  const plugins: ServerPlugin[] = [];
  if (config.teams.mode !== 'off') {
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
      rejections,
      slackApiTimeoutMs: config.outbound.timeoutMs,
      shared: shared && {
        eventIds: shared.dedup('slack-event', 60 * 60 * 1000),
        answers: shared.values('slack-answer', 24 * 60 * 60 * 1000),
        claim: (key, ttlMs) => shared.claims('slack').claim(key, ttlMs),
      },
    }));
  }
  const admin = createAdminPlugin({ token: config.adminToken, service, log, throttle: shared?.throttle('admin', { maxFailures: 5, windowMs: 60_000 }) });
  plugins.push(admin);
  // Redis down is "degraded", not "down": answering goes on from the loaded index.
  const sharedHealth = () => (shared ? { redis: shared.status(), ...(shared.status().state === 'up' ? {} : { status: 'degraded' }) } : {});
  const server = buildServer({ plugins, health: () => ({ ...service.health(), ...sharedHealth() }), log, rejections });
  installRequestLog(server, log);
  const stopSchedule = config.reindex.intervalMs ? startSchedule(service, config.reindex.intervalMs, log) : () => undefined;
  const leaveFleet = shared ? joinFleet(shared, service, log) : () => undefined;
  return {
    server,
    bot,
    service,
    surfaces: plugins.map((p) => p.name),
    stop: () => {
      stopSchedule();
      leaveFleet();
      // The last interval's refusals are written before the process ends.
      rejections.stop();
      admin.stop();
      void slack?.stop();
    },
    connect: async () => slack?.start(),
    startup: { built: opened.built, ms: opened.ms, problems: opened.problems },
  };
}
