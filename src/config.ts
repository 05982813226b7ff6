/**
 * The only reader of the environment. Every variable is validated and typed here; a bad value gives a
 * clear error naming the variable. Secrets are kept out of `describeConfig` (the start-up log line).
 */
import { delimiter, resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from './core/logger';
import { readEnvFile } from './envFile';
import { describeTrustProxy, parseTrustProxy, TRUST_NONE, type TrustProxy } from './server/clientAddress';

/**
 * Teams / Bot Framework settings. `authenticated`: an app id is set and every request needs a Bot
 * Connector token. `local`: no app id, no authentication, replies only to loopback service URLs (the
 * Emulator, Agents Playground). `off`: no `/api/messages` route.
 */
export interface TeamsConfig {
  mode: 'authenticated' | 'local' | 'off';
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  adminIds: string[];
  /** The Bot Framework OpenID metadata URL (`BotOpenIdMetadata`; botbuilder's public-cloud URL when absent). */
  openIdMetadataUrl?: string;
}

/**
 * Slack settings. Over HTTP Slack is on when the signing secret and the bot token are set; in Socket Mode
 * (`SLACK_SOCKET_MODE=true`) when the app-level token and the bot token are set, and no signing secret is
 * needed since nothing arrives over HTTP.
 */
export interface SlackConfig {
  /** Set over HTTP (`POST /slack/events`); unused in Socket Mode. */
  signingSecret?: string;
  botToken: string;
  /** Socket Mode: the app-level token (`xapp-…`) that opens the WebSocket; absent over HTTP. */
  socketMode?: { appToken: string };
  botUserId?: string;
  botId?: string;
  apiUrl?: string;
  adminIds: string[];
}

/** The feedback/unanswered log and the audit trail (see README "What personal data is stored"). */
export interface LogsConfig {
  /** FEEDBACK_LOG: false switches the feedback and unanswered log off entirely. */
  feedback: boolean;
  /** LOG_USER_ID_KEY: HMAC key for user ids in the logs; absent: no user id is stored. A secret. */
  userIdKey?: string;
  /** LOG_MAX_BYTES and LOG_MAX_FILES: size-based rotation of each log file. */
  maxBytes: number;
  maxFiles: number;
}

/** Bounds on posts to Slack while it rate-limits (429 with Retry-After). */
export interface SlackOutboundConfig {
  /** SLACK_RATE_LIMIT_MAX_WAIT: longest Retry-After honoured; a longer one gives the post up at once. */
  maxWaitMs: number;
  /** SLACK_OUTBOUND_MAX_PENDING: most posts waiting while rate-limited; more are dropped (and counted). */
  maxPending: number;
}

/** The whole configuration. */
export interface Config {
  port: number;
  host: string;
  contentDirs: string[];
  dataDir: string;
  teams: TeamsConfig;
  slack?: SlackConfig;
  adminToken?: string;
  /** HMAC key of the feedback buttons; unset: random per process (clicks after a restart are not recorded). */
  feedbackSigningKey?: string;
  reindex: { fetch: boolean; intervalMs?: number; timeoutMs: number; maxBytes: number };
  /**
   * Logging: the lowest level written; `pretty` or `json` lines (absent: pretty when stdout is a
   * terminal); whether turn lines may carry the question (capped, control characters removed).
   * Always set by {@link loadConfig}; optional so configurations built in code (tests) can leave it out.
   */
  log?: { level: LogLevel; format?: 'json' | 'pretty'; questions: boolean };
  /** Shared state for several replicas; absent (no `REDIS_URL`): one process with in-memory state. */
  redis?: RedisConfig;
  /** Time limits of calls to Bot Framework, the identity provider and Slack, and of one Teams turn. */
  outbound: { timeoutMs: number; teamsTurnMs: number };
  /** `ALLOW_UNAUTHENTICATED_REMOTE`: local Teams mode may listen on a non-loopback HOST. */
  allowUnauthenticatedRemote: boolean;
  /** Defaults (see {@link loadConfig}) when absent. */
  logs?: LogsConfig;
  slackOutbound?: SlackOutboundConfig;
  /**
   * `TRUST_PROXY`: which proxies in front of the server may name the client in `X-Forwarded-For` (for
   * the admin throttle, the rejection counters, the audit trail and the `request` lines). Absent or
   * `none`: the TCP peer is the client.
   */
  trustProxy?: TrustProxy;
}

/** Redis settings (`REDIS_URL`, `REDIS_KEY_PREFIX`, `REDIS_STREAM_MAXLEN`, `REDIS_INDEX_POLL_MS`). */
export interface RedisConfig {
  url: string;
  keyPrefix: string;
  streamMaxLen: number;
  indexPollMs: number;
}

/** True for a HOST that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

type Env = Record<string, string | undefined>;

/** Thrown with one line per bad variable. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Parses "90", "90s", "30m", "6h", "1d" into milliseconds. */
export function parseDuration(v: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d)?$/i.exec(v.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's').toLowerCase() as 'ms'];
  return Number(m[1]) * unit;
}

/**
 * The environment the configuration is read from: `.env` in the working directory (if there is one)
 * under the real environment, which wins for every variable it sets. A missing file is fine; an
 * unreadable or malformed one is a {@link ConfigError}.
 */
export function readEnvironment(options: { file?: string; env?: Env } = {}): Env {
  const env = options.env ?? process.env;
  const file = readEnvFile(resolve(options.file ?? '.env'));
  if (file.status === 'invalid') throw new ConfigError(file.problems);
  return file.status === 'ok' ? { ...file.vars, ...env } : { ...env };
}

/** Reads and validates the configuration from an environment (default: `process.env`). */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const v = get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
    return n;
  };
  const bool = (name: string): boolean => optionalBool(name) ?? false;
  const optionalBool = (name: string): boolean | undefined => {
    const v = get(name)?.toLowerCase();
    if (v === undefined) return undefined;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${v}")`);
    return false;
  };

  const appType = get('MicrosoftAppType') ?? 'MultiTenant';
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    problems.push(`MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got "${appType}")`);
  }
  const appId = get('MicrosoftAppId');
  if (appId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) problems.push('MicrosoftAppId must be a GUID');
  if (appId && appType !== 'UserAssignedMSI' && !get('MicrosoftAppPassword')) problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  if (appType === 'SingleTenant' && !get('MicrosoftAppTenantId')) problems.push('MicrosoftAppTenantId is required for a SingleTenant app');

  const signingSecret = get('SLACK_SIGNING_SECRET');
  const botToken = get('SLACK_BOT_TOKEN');
  const socketMode = bool('SLACK_SOCKET_MODE');
  const appToken = get('SLACK_APP_TOKEN');
  if (socketMode) {
    if (!appToken || !botToken) problems.push('SLACK_SOCKET_MODE=true needs SLACK_APP_TOKEN (xapp-…) and SLACK_BOT_TOKEN');
    if (appToken && !/^xapp-/.test(appToken)) problems.push('SLACK_APP_TOKEN must be an app-level token (xapp-…)');
  } else if (!!signingSecret !== !!botToken) {
    problems.push('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN must be set together (Slack is off when both are empty; or use SLACK_SOCKET_MODE=true with SLACK_APP_TOKEN)');
  }
  if (botToken && !/^xox[bp]-/.test(botToken)) problems.push('SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  const apiUrl = get('SLACK_API_URL');
  if (apiUrl && !/^https?:\/\/.+\/$/.test(apiUrl)) problems.push('SLACK_API_URL must be an http(s) URL ending in /');

  const adminToken = get('ADMIN_TOKEN');
  if (adminToken && adminToken.length < 16) problems.push('ADMIN_TOKEN must be at least 16 characters');

  const metadataUrl = get('BotOpenIdMetadata');
  if (metadataUrl && !/^https?:\/\/\S+$/.test(metadataUrl)) problems.push('BotOpenIdMetadata must be an http(s) URL');

  // Which channels are on. Teams needs an app id, or local (unauthenticated) mode: explicit with
  // TEAMS_LOCAL=true, or by default when nothing else is configured and the bind is loopback-only, so
  // `npm start` with no configuration still gives a bot to try in the Emulator.
  const host = get('HOST') ?? (appId ? '0.0.0.0' : '127.0.0.1');
  const teamsLocal = optionalBool('TEAMS_LOCAL');
  const allowRemote = bool('ALLOW_UNAUTHENTICATED_REMOTE');
  const slackOn = Boolean(botToken && (socketMode ? appToken : signingSecret));
  if (appId && teamsLocal === true) problems.push('TEAMS_LOCAL=true and MicrosoftAppId exclude each other: local mode is the one without an app id');
  const teamsMode: TeamsConfig['mode'] = appId ? 'authenticated' : teamsLocal === true || (teamsLocal === undefined && !slackOn && isLoopbackHost(host)) ? 'local' : 'off';
  if (teamsMode === 'local' && !isLoopbackHost(host) && !allowRemote) {
    problems.push(`HOST=${host} would expose the unauthenticated Teams endpoint (no MicrosoftAppId): set MicrosoftAppId, bind HOST to 127.0.0.1, or set ALLOW_UNAUTHENTICATED_REMOTE=true`);
  }
  if (teamsMode === 'off' && !slackOn) {
    problems.push('no channel is on: set MicrosoftAppId (Teams), SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (Slack; or SLACK_SOCKET_MODE=true with SLACK_APP_TOKEN and SLACK_BOT_TOKEN), or TEAMS_LOCAL=true (unauthenticated local testing on a loopback HOST)');
  }

  const feedbackSigningKey = get('FEEDBACK_SIGNING_KEY');
  if (feedbackSigningKey && feedbackSigningKey.length < 16) problems.push('FEEDBACK_SIGNING_KEY must be at least 16 characters');

  const interval = get('REINDEX_INTERVAL');
  const intervalMs = interval === undefined ? undefined : parseDuration(interval);
  if (interval !== undefined && (intervalMs === undefined || intervalMs < 60_000)) problems.push(`REINDEX_INTERVAL must be a duration of at least 1m, like 30m or 6h (got "${interval}")`);

  const userIdKey = get('LOG_USER_ID_KEY');
  if (userIdKey && userIdKey.length < 16) problems.push('LOG_USER_ID_KEY must be at least 16 characters');
  const feedbackLog = get('FEEDBACK_LOG')?.toLowerCase() ?? 'on';
  if (!['on', 'off'].includes(feedbackLog)) problems.push(`FEEDBACK_LOG must be on or off (got "${feedbackLog}")`);
  const maxWait = get('SLACK_RATE_LIMIT_MAX_WAIT');
  const maxWaitMs = maxWait === undefined ? 30_000 : parseDuration(maxWait);
  if (maxWaitMs === undefined || maxWaitMs > 300_000) problems.push(`SLACK_RATE_LIMIT_MAX_WAIT must be a duration of at most 5m, like 30s (got "${maxWait}")`);
  const logLevel = get('LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const trustProxyValue = get('TRUST_PROXY');
  const trustProxy = parseTrustProxy(trustProxyValue);
  if (!trustProxy.ok) problems.push(`TRUST_PROXY: ${trustProxy.problem} (got "${(trustProxyValue ?? '').slice(0, 100)}")`);
  const logFormat = get('LOG_FORMAT')?.toLowerCase();
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'pretty') problems.push(`LOG_FORMAT must be json or pretty (got "${logFormat}")`);

  const config: Config = {
    port: int('PORT', 3978, 0, 65535),
    // Unauthenticated (no app id) means anyone who can reach the port can make the bot call any URL:
    // then only this machine may, unless HOST says otherwise.
    host,
    contentDirs: get('CONTENT_DIRS')?.split(delimiter).filter(Boolean) ?? ['content'],
    dataDir: get('DATA_DIR') ?? 'data',
    teams: {
      mode: teamsMode,
      appId,
      appPassword: get('MicrosoftAppPassword'),
      appType: appType as TeamsConfig['appType'],
      tenantId: get('MicrosoftAppTenantId'),
      adminIds: list(env.TEAMS_ADMIN_IDS),
      openIdMetadataUrl: metadataUrl,
    },
    slack: botToken && (socketMode ? appToken : signingSecret)
      ? {
        ...(socketMode && appToken ? { socketMode: { appToken } } : { signingSecret }),
        botToken, botUserId: get('SLACK_BOT_USER_ID'), botId: get('SLACK_BOT_ID'), apiUrl, adminIds: list(env.SLACK_ADMIN_IDS),
      }
      : undefined,
    adminToken,
    feedbackSigningKey,
    reindex: {
      fetch: bool('REINDEX_FETCH'),
      intervalMs,
      timeoutMs: int('REINDEX_FETCH_TIMEOUT_MS', 10_000, 100, 300_000),
      maxBytes: int('REINDEX_FETCH_MAX_BYTES', 2 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    },
    log: { level: logLevel as LogLevel, format: logFormat as 'json' | 'pretty' | undefined, questions: bool('LOG_QUESTIONS') },
    redis: readRedis(get, int, problems),
    outbound: {
      timeoutMs: int('OUTBOUND_TIMEOUT_MS', 5000, 100, 60_000),
      teamsTurnMs: int('TEAMS_TURN_TIMEOUT_MS', 12_000, 1000, 60_000),
    },
    allowUnauthenticatedRemote: allowRemote,
    logs: {
      feedback: feedbackLog !== 'off',
      userIdKey,
      maxBytes: int('LOG_MAX_BYTES', 5 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
      maxFiles: int('LOG_MAX_FILES', 5, 1, 100),
    },
    slackOutbound: { maxWaitMs: maxWaitMs ?? 30_000, maxPending: int('SLACK_OUTBOUND_MAX_PENDING', 200, 1, 10_000) },
    trustProxy: trustProxy.ok ? trustProxy.trust : TRUST_NONE,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

type Get = (name: string) => string | undefined;
type Int = (name: string, fallback: number, min: number, max: number) => number;

function readRedis(get: Get, int: Int, problems: string[]): RedisConfig | undefined {
  const url = get('REDIS_URL');
  if (!url) return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  const keyPrefix = get('REDIS_KEY_PREFIX') ?? 'privacy-bot:';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(keyPrefix)) problems.push('REDIS_KEY_PREFIX must be 1 to 64 letters, digits or _ . : -');
  return { url, keyPrefix, streamMaxLen: int('REDIS_STREAM_MAXLEN', 100_000, 100, 10_000_000), indexPollMs: int('REDIS_INDEX_POLL_MS', 2000, 100, 60_000) };
}

/** The Redis settings alone (for the CLI's `feedback export`); `undefined` without `REDIS_URL`. */
export function loadRedisConfig(env: Env = process.env): RedisConfig | undefined {
  const problems: string[] = [];
  const get = (name: string) => env[name]?.trim() || undefined;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const v = get(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
    return n;
  };
  const redis = readRedis(get, int, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return redis;
}

/**
 * Loud warnings for the start-up log: unauthenticated Teams, worse when reachable from other machines.
 */
export function configWarnings(c: Config): string[] {
  if (c.teams.mode !== 'local') return [];
  const warnings = ['Teams runs UNAUTHENTICATED (no MicrosoftAppId): anyone who reaches /api/messages can talk to the bot; replies go only to loopback service URLs. For local testing only.'];
  if (!isLoopbackHost(c.host)) warnings.push(`UNAUTHENTICATED Teams endpoint listens on ${c.host} (ALLOW_UNAUTHENTICATED_REMOTE=true): other machines can reach it.`);
  return warnings;
}

/** One log line saying what is on, without any secret. */
export function describeConfig(c: Config): string {
  const teams = c.teams.mode === 'authenticated'
    ? `teams (app ${c.teams.appId}, authenticated)`
    : c.teams.mode === 'local' ? 'teams (no MicrosoftAppId: UNAUTHENTICATED local mode)' : 'teams off (no MicrosoftAppId, TEAMS_LOCAL not set)';
  const slack = c.slack ? (c.slack.socketMode ? 'slack (Socket Mode)' : 'slack (HTTP)') : 'slack off (SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN not set)';
  const admin = c.adminToken ? 'admin reindex endpoint' : 'admin endpoint off (ADMIN_TOKEN not set)';
  // The URL may hold a password: only say whether shared state is on.
  const shared = c.redis ? `shared state on Redis (prefix ${c.redis.keyPrefix})` : 'one process (no REDIS_URL)';
  const logs = !c.logs ? '' : `; feedback log ${c.logs.feedback ? `on (user ids ${c.logs.userIdKey ? 'pseudonymised' : 'not stored'})` : 'off'}`;
  return `channels: ${teams}; ${slack}; ${admin}; ${shared}; ${describeTrustProxy(c.trustProxy ?? TRUST_NONE)}; content: ${c.contentDirs.join(', ')}${logs}`;
}
