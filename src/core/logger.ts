/**
 * The logging interface every layer receives. It is the subset of pino's API the project uses, so
 * `src/main.ts` can pass a pino logger while core stays free of it and tests can pass a recorder.
 * The message is a short fixed phrase; everything variable goes into the fields object, so a log
 * line never mixes user text into the message and stays machine-readable.
 */

/** Structured fields of one log line (ids, counts, durations; never secrets). */
export type LogFields = Record<string, unknown>;

/** One logging method: fields first, then a fixed message (pino's argument order). */
export type LogMethod = (fields: LogFields, message: string) => void;

/** A leveled, structured logger. */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger that adds `bindings` to every line (a request id, a surface). */
  child(bindings: LogFields): Logger;
}

/** The levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A logger that drops everything (the default where none is injected). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** One recorded line of {@link recordingLogger}. */
export interface LogRecord extends LogFields {
  level: LogLevel;
  msg: string;
}

/**
 * A logger that keeps its lines in memory (at most `max`, oldest dropped): for tests and the CLI's
 * own reporting. Children share the record list and add their bindings.
 */
export function recordingLogger(max = 10_000, bindings: LogFields = {}, records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const method = (level: LogLevel): LogMethod => (fields, msg) => {
    records.push({ ...bindings, ...fields, level, msg });
    if (records.length > max) records.splice(0, records.length - max);
  };
  return {
    records,
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => recordingLogger(max, { ...bindings, ...more }, records),
  };
}

/** Wraps a plain line writer (stderr, a test array) as a Logger: `msg {"level":…, fields}` per line. */
export function lineLogger(write: (line: string) => void, bindings: LogFields = {}): Logger {
  const method = (level: LogLevel): LogMethod => (fields, msg) => {
    write(`${msg} ${JSON.stringify({ level, ...bindings, ...fields })}`);
  };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => lineLogger(write, { ...bindings, ...more }),
  };
}
