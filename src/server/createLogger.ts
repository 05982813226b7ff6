/**
 * The process logger: pino writing one JSON object per line to stdout, with `level` as a label
 * (`"level":"info"`), an ISO `time`, the fixed message in `msg` and the fields beside it. In a terminal
 * (or with `LOG_FORMAT=pretty`) the same lines are rendered as `12:00:01.234 INFO  message key=value`
 * by {@link prettyLine}, a few lines of our own rather than another dependency.
 */
import pino from 'pino';
import type { Logger, LogLevel } from '../core/logger';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: LogLevel;
  /** `pretty` for people, `json` for log collectors. */
  format: 'json' | 'pretty';
  /** Where lines go (default stdout). */
  write?: (line: string) => void;
  /** Colours in pretty output (default: when stdout is a TTY). */
  color?: boolean;
}

/**
 * Field names whose values never reach the log, should a caller ever pass one: tokens, secrets,
 * passwords and authorization headers, at the top level and one level down.
 */
const SECRET_KEYS = ['authorization', 'token', 'botToken', 'appToken', 'signingSecret', 'appPassword', 'password', 'adminToken'];
export const REDACTED_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)];

/**
 * Our {@link Logger} over a pino instance. pino's methods read `this`, so a method picked off the object
 * (`(slow ? log.debug : log.error)(…)`) threw inside an error handler; these are plain functions.
 */
function fromPino(p: pino.Logger): Logger {
  return {
    debug: (fields, msg) => p.debug(fields, msg),
    info: (fields, msg) => p.info(fields, msg),
    warn: (fields, msg) => p.warn(fields, msg),
    error: (fields, msg) => p.error(fields, msg),
    child: (bindings) => fromPino(p.child(bindings)),
  };
}

/** Creates the logger `src/main.ts` hands to every layer. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const color = options.color ?? Boolean(process.stdout.isTTY);
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  // JSON to stdout goes through pino's own synchronous destination; anything else through `write`.
  const stream = options.format === 'pretty'
    ? { write: (line: string) => write(prettyLine(line, color) + '\n') }
    : options.write ? { write } : pino.destination({ fd: 1, sync: true });
  return fromPino(pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // restify's own warnings pass `req`/`err` objects: keep the method and path, never headers.
      serializers: {
        req: (r: { method?: unknown; url?: unknown } | undefined) => ({ method: r?.method, url: typeof r?.url === 'string' ? r.url.split('?')[0] : undefined }),
        err: (e: unknown) => (e instanceof Error ? { type: e.name, message: e.message } : e),
      },
    },
    stream,
  ));
}

const COLORS: Record<string, string> = { debug: '\x1b[90m', info: '\x1b[32m', warn: '\x1b[33m', error: '\x1b[31m', fatal: '\x1b[35m' };
const RESET = '\x1b[0m';

/**
 * One JSON log line as `HH:MM:SS.mmm LEVEL message key=value …`. Values with spaces are quoted as JSON;
 * objects stay JSON. A line that is not JSON is returned as it is.
 */
export function prettyLine(json: string, color = false): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const { time, level, msg, ...fields } = record;
  const clock = typeof time === 'string' ? time.slice(11, 23) : typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
  const label = String(level ?? '').toUpperCase().padEnd(5);
  const shown = color ? `${COLORS[String(level)] ?? ''}${label}${RESET}` : label;
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`);
  return [clock, shown, String(msg ?? ''), ...pairs].filter(Boolean).join(' ');
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}
