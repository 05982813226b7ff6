/**
 * Append-only JSONL log of user feedback (thumbs up/down) and unanswered questions, shared by the
 * Teams and Slack surfaces. One JSON object per line so the file can be tailed, grepped and loaded
 * into a spreadsheet without a parser for a custom format.
 */
import { promises as fs } from 'node:fs';
import { lineLogger, type Logger } from '../core/logger';
import type { Lang } from '../core/types';
import * as path from 'node:path';
import type { AbstainReason } from '../core/types';

/** One line of the feedback log. */
export interface FeedbackEntry {
  /** When it happened (ISO 8601). */
  at: string;
  surface: 'teams' | 'slack';
  /** `feedback`: a user rated an answer; `unanswered`: the bot abstained (content gap to review). */
  kind: 'feedback' | 'unanswered';
  reaction?: 'like' | 'dislike';
  /** Free text the user typed with the rating. */
  comment?: string;
  userId: string;
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

/** Writes feedback entries; `record` never rejects. */
export interface FeedbackLog {
  record(entry: FeedbackEntry): Promise<void>;
}

/** Options of {@link createFeedbackLog}. */
export interface FeedbackLogOptions {
  /** Where IO failures are reported (defaults to stderr). */
  log?: Logger;
}

/**
 * Creates a feedback log appending to the JSONL file at `filePath` (its folder is created on first write).
 * Writes are serialised so concurrent turns never interleave half lines, and IO errors are logged and
 * swallowed: losing a feedback line must never break a conversation.
 */
export function createFeedbackLog(filePath: string, options: FeedbackLogOptions = {}): FeedbackLog {
  const log = options.log ?? lineLogger((line) => process.stderr.write(line + '\n'));
  let queue: Promise<void> = Promise.resolve();
  let folderReady = false;

  const write = async (line: string): Promise<void> => {
    try {
      if (!folderReady) {
        await fs.mkdir(path.dirname(filePath), { recursive: true });
        folderReady = true;
      }
      await fs.appendFile(filePath, line, 'utf8');
    } catch (err) {
      // The folder may have been removed under us: try to create it again next time.
      folderReady = false;
      log.error({ path: filePath, err: (err as Error).message }, 'feedback log: could not write');
    }
  };

  return {
    record(entry: FeedbackEntry): Promise<void> {
      let line: string;
      try {
        line = JSON.stringify(entry) + '\n';
      } catch (err) {
        log.error({ err: (err as Error).message }, 'feedback log: could not serialise entry');
        return Promise.resolve();
      }
      // Chain on the previous write: appends stay in call order and never overlap.
      queue = queue.then(() => write(line));
      return queue;
    },
  };
}
