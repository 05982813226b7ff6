/**
 * The log of user feedback (thumbs up/down, a comment) and of unanswered questions (content gaps),
 * shared by the Teams and Slack surfaces. Entries are cleaned here — fields clipped, control characters
 * removed, the user id replaced by a pseudonym or left out — and then handed to a {@link RecordSink}:
 * by default a size-rotated JSON-lines file (see README "What personal data is stored").
 */
import { lineLogger, type Logger } from '../core/logger';
import type { AbstainReason, Lang } from '../core/types';
import { createJsonlLog } from './jsonlLog';
import { userIdPolicy, type UserIdPolicy } from './pseudonymize';
import type { RecordSink } from './recordSink';
import type { Rotation } from './rotatingFile';
import { stripControls } from './safeText';

/** One entry as the surfaces report it. */
export interface FeedbackEntry {
  /** When it happened (ISO 8601). */
  at: string;
  surface: 'teams' | 'slack';
  /** `feedback`: a user rated an answer; `unanswered`: the bot abstained (content gap to review). */
  kind: 'feedback' | 'unanswered';
  reaction?: 'like' | 'dislike';
  /** Free text the user typed with the rating. */
  comment?: string;
  /** The surface's user id; the log stores a pseudonym or nothing (see {@link userIdPolicy}). */
  userId?: string;
  /** Id of the rated answer, from the signed feedback token (src/bot/feedbackRef.ts). */
  answerId?: string;
  /** Language of the reply. */
  language?: Lang;
  /** The question that was asked; empty when it is no longer known (see `replyToId`). */
  question: string;
  /** What the bot said: the abstention for `unanswered`; empty for `feedback` (the token carries the top citation, not the text). */
  answerText: string;
  /** For `unanswered`: why the engine abstained (empty, vague, no-match, low-coverage, off-topic, …). */
  reason?: AbstainReason;
  /** URLs of the cited sources, in citation order. */
  citations: string[];
  /** Id of the rated bot message, when the surface gives one (the only key left when the question was forgotten). */
  replyToId?: string;
}

/** What a surface writes feedback to: `record` returns at once and never throws. */
export type FeedbackSink = Pick<RecordSink<FeedbackEntry>, 'record'>;

/** The feedback log. */
export type FeedbackLog = RecordSink<FeedbackEntry>;

/** Longest kept text per field, in characters; longer text is cut and marked with "…". */
export const FEEDBACK_LIMITS = { question: 2000, comment: 2000, answerText: 4000, citations: 20, url: 500, replyToId: 200 } as const;

/** Cut first, then clean: a 200 KB comment costs no more than a short one. */
export function clipText(text: unknown, max: number): string {
  const s = typeof text === 'string' ? text : '';
  const kept = stripControls(s.length > max ? s.slice(0, max) : s);
  return s.length > max || kept.length > max ? `${kept.slice(0, max - 1)}…` : kept;
}
const clean = clipText;

/** The entry as stored: clipped fields, control characters removed, the user id pseudonymised or absent. */
export function storedFeedbackEntry(entry: FeedbackEntry, userIds: UserIdPolicy): FeedbackEntry {
  const userId = entry.userId ? userIds(entry.surface, entry.userId) : undefined;
  return {
    at: entry.at,
    surface: entry.surface,
    kind: entry.kind,
    ...(entry.reaction ? { reaction: entry.reaction } : {}),
    ...(entry.comment !== undefined ? { comment: clean(entry.comment, FEEDBACK_LIMITS.comment) } : {}),
    ...(userId ? { userId } : {}),
    question: clean(entry.question, FEEDBACK_LIMITS.question),
    answerText: clean(entry.answerText, FEEDBACK_LIMITS.answerText),
    citations: (Array.isArray(entry.citations) ? entry.citations : []).slice(0, FEEDBACK_LIMITS.citations).map((u) => clean(u, FEEDBACK_LIMITS.url)),
    ...(entry.replyToId !== undefined ? { replyToId: clean(entry.replyToId, FEEDBACK_LIMITS.replyToId) } : {}),
    ...(entry.answerId !== undefined ? { answerId: clean(entry.answerId, FEEDBACK_LIMITS.replyToId) } : {}),
    ...(entry.language === 'nl' || entry.language === 'en' ? { language: entry.language } : {}),
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
  };
}

/** Options of {@link createFeedbackLog}. */
export interface FeedbackLogOptions {
  /** Where IO failures and drops are reported (defaults to stderr). */
  log?: Logger;
  /** HMAC key for user ids; absent: no user id is stored. */
  userIdKey?: string;
  rotation?: Rotation;
  /** Most entries waiting for the disk (default 2000); beyond it entries are dropped and counted. */
  maxQueue?: number;
  /** Where cleaned entries go instead of the file (a shared store); `filePath` is then unused. */
  sink?: RecordSink<FeedbackEntry>;
  warnIntervalMs?: number;
}

/**
 * Creates the feedback log writing JSON lines to `filePath` (its folder is created on first write), or to
 * `options.sink`. `record` never throws and never waits for IO.
 */
export function createFeedbackLog(filePath: string, options: FeedbackLogOptions = {}): FeedbackLog {
  const log = options.log ?? lineLogger((line) => process.stderr.write(line + '\n'));
  const userIds = userIdPolicy(options.userIdKey);
  const sink = options.sink ?? createJsonlLog<FeedbackEntry>({
    path: filePath,
    name: 'feedback log',
    log,
    rotation: options.rotation,
    maxQueue: options.maxQueue,
    warnIntervalMs: options.warnIntervalMs,
  });
  return {
    record(entry) {
      let stored: FeedbackEntry;
      try {
        stored = storedFeedbackEntry(entry, userIds);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'feedback log: unusable entry');
        return;
      }
      sink.record(stored);
    },
    flush: () => sink.flush(),
    stats: () => sink.stats(),
  };
}
