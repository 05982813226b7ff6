/**
 * Whether answering works, for `/healthz`: a self-test question through the real bot after every index
 * swap, and a count of recent failed turns. The process can be live (it answers HTTP) and still be
 * degraded (every question fails): an operator or a probe then sees why.
 */
import type { SearchIndex } from '../core/searchIndex';
import type { Bot } from './types';

/** Options of {@link createServiceHealth}. */
export interface ServiceHealthOptions {
  /** Window over which failed turns count (default 5 minutes). */
  windowMs?: number;
  /** Failed turns within the window that make the service degraded (default 5). */
  maxFailures?: number;
  /** Most failure times remembered (bounds memory whatever the failure rate). */
  maxRemembered?: number;
  now?: () => number;
}

/** What `/healthz` shows about answering. */
export interface AnsweringHealth {
  status: 'ok' | 'degraded';
  reasons: string[];
  recentTurnFailures: number;
  selfTest?: { ok: boolean; question: string; at: string; detail?: string };
}

/** The tracker. */
export interface ServiceHealth {
  /** Counts one failed turn (the bot's `onTurnFailure`). */
  turnFailed(): void;
  /** Asks a question the index must answer (a section heading of its own) and remembers the outcome. */
  selfTest(bot: Bot, index: SearchIndex): Promise<boolean>;
  status(): AnsweringHealth;
}

/** A heading of the index with at least two words: the index must find its own section. */
export function selfTestQuestion(index: SearchIndex): string | undefined {
  const p = index.passages.find((x) => x.heading.trim().split(/\s+/).length >= 2);
  return p?.heading.trim();
}

/** Creates the tracker. */
export function createServiceHealth(options: ServiceHealthOptions = {}): ServiceHealth {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 5 * 60_000;
  const maxFailures = options.maxFailures ?? 5;
  const maxRemembered = options.maxRemembered ?? 1000;
  const failures: number[] = [];
  let lastSelfTest: AnsweringHealth['selfTest'];

  const recent = () => {
    const since = now() - windowMs;
    while (failures.length > 0 && failures[0] < since) failures.shift();
    return failures.length;
  };

  return {
    turnFailed() {
      failures.push(now());
      if (failures.length > maxRemembered) failures.splice(0, failures.length - maxRemembered);
    },
    async selfTest(bot, index) {
      const question = selfTestQuestion(index) ?? '';
      let ok = false;
      let detail: string | undefined;
      try {
        const reply = await bot.handle({ surface: 'cli', text: question, userId: 'self-test' });
        ok = reply.kind === 'answer' && reply.answer.answered && reply.answer.citations.length > 0;
        if (!ok) detail = reply.kind === 'answer' ? 'the index did not find its own section' : `the bot replied with ${reply.kind}`;
      } catch (err) {
        detail = (err as Error).message;
      }
      lastSelfTest = { ok, question: question.slice(0, 200), at: new Date(now()).toISOString(), ...(detail ? { detail } : {}) };
      return ok;
    },
    status() {
      const recentTurnFailures = recent();
      const reasons: string[] = [];
      if (lastSelfTest && !lastSelfTest.ok) reasons.push(`self-test failed: ${lastSelfTest.detail ?? 'no answer'}`);
      if (recentTurnFailures >= maxFailures) reasons.push(`${recentTurnFailures} failed turns in the last ${Math.round(windowMs / 1000)} s`);
      return { status: reasons.length > 0 ? 'degraded' : 'ok', reasons, recentTurnFailures, ...(lastSelfTest ? { selfTest: lastSelfTest } : {}) };
    },
  };
}
