/**
 * The one line each answered turn leaves in the log, the same for Teams and Slack: what kind of reply,
 * in which language, whether it was answered, how many sources, how long it took. The question itself
 * is left out unless the operator asked for it (`LOG_QUESTIONS=true`), and then only cut to a bounded
 * length with control characters removed, so a pasted message cannot forge or flood log lines.
 */
import type { Logger } from '../core/logger';
import type { Bot, BotReply, IncomingMessage } from './types';

/** Longest question text a log line carries. */
export const LOGGED_QUESTION_MAX = 200;

/** `text` without control characters (newlines, escapes, bidi overrides) and cut to `max` characters. */
export function loggableText(text: string, max = LOGGED_QUESTION_MAX): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Writes the `turn` line (level info) for `reply` to `log`, which carries the turn's ids as bindings. */
export function logTurn(log: Logger, message: IncomingMessage, reply: BotReply, ms: number, options: { questions?: boolean } = {}): void {
  const answer = reply.kind === 'answer' ? reply.answer : undefined;
  log.info(
    {
      surface: message.surface,
      kind: reply.kind,
      language: reply.language,
      ...(answer ? { answered: answer.answered, citations: answer.citations.length } : {}),
      ...(reply.kind === 'error' ? { correlationId: reply.correlationId } : {}),
      chars: message.text.length,
      ms: Math.round(ms * 10) / 10,
      ...(options.questions ? { question: loggableText(message.text) } : {}),
    },
    'turn',
  );
}

/**
 * `bot` with a {@link logTurn} line after every `handle`, written to the turn's logger (`hooks.log`,
 * bound by the adapter to the Teams activity id or the Slack event id) or else to `log`.
 */
export function withTurnLog(bot: Bot, log: Logger, options: { questions?: boolean } = {}): Bot {
  return {
    welcome: (localeHint) => bot.welcome(localeHint),
    async handle(message, hooks) {
      const started = performance.now();
      const reply = await bot.handle(message, hooks);
      logTurn(hooks?.log ?? log, message, reply, performance.now() - started, options);
      return reply;
    },
  };
}
