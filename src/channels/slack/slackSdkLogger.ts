/**
 * The logger handed to Slack's SDKs (Bolt, the Web client, the Socket Mode client). Warnings and errors
 * go to our structured log; debug and info are dropped, because the SDKs' debug lines carry whole
 * payloads (user text) and their info lines repeat what our own lines already say.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger';

/** Adapts our {@link Logger} to `@slack/logger`'s interface; `source` names the SDK in every line. */
export function slackSdkLogger(log: Logger, source = 'bolt'): SlackLogger {
  // Reported as INFO at most, so no SDK switches its debug-only payload dumps on.
  let level: LogLevel = LogLevel.WARN;
  const line = (parts: unknown[]): string => parts.map((p) => (p instanceof Error ? describeError(p) : String(p))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => log.warn({ source, detail: line(msg) }, `slack(${source}) warn`),
    error: (...msg: unknown[]) => log.error({ source, detail: line(msg) }, `slack(${source}) error`),
    setLevel: (l: LogLevel) => (level = l === LogLevel.DEBUG ? LogLevel.INFO : l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** `code message` of an error, for a log field. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return `${typeof code === 'string' ? code + ' ' : ''}${err.message}`;
  }
  return String(err);
}
