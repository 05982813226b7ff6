/**
 * Append-only JSONL log of user feedback (thumbs up/down) and unanswered questions, shared by the
 * Teams and Slack surfaces. One JSON object per line so the file can be tailed, grepped and loaded
 * into a spreadsheet without a parser for a custom format.
 */
import { promises as fs } from 'node:fs';
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
  /** The question that was asked; empty when it is no longer known (see `replyToId`). */
  question: string;
  /** What the bot answered (plain text with `[n]` markers). */
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
  log?: (line: string) => void;
}

/**
 * Creates a feedback log appending to the JSONL file at `filePath` (its folder is created on first write).
 * Writes are serialised so concurrent turns never interleave half lines, and IO errors are logged and
 * swallowed: losing a feedback line must never break a conversation.
 */
export function createFeedbackLog(filePath: string, options: FeedbackLogOptions = {}): FeedbackLog {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
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
      log(`feedback log: could not write ${filePath}: ${(err as Error).message}`);
    }
  };

  return {
    record(entry: FeedbackEntry): Promise<void> {
      let line: string;
      try {
        line = JSON.stringify(entry) + '\n';
      } catch (err) {
        log(`feedback log: could not serialise entry: ${(err as Error).message}`);
        return Promise.resolve();
      }
      // Chain on the previous write: appends stay in call order and never overlap.
      queue = queue.then(() => write(line));
      return queue;
    },
  };
}
