/**
 * The admin logs of a replica when state is shared: feedback and unanswered questions go to their
 * Redis streams, the audit trail to its stream (and, as before, one line in the process log). While
 * Redis is down each goes to the replica's own JSONL file under data/, so nothing is lost.
 */
import { createAuditLog } from '../bot/auditLog';
import type { FeedbackEntry, FeedbackLog } from '../bot/feedbackLog';
import type { Logger } from '../core/logger';
import type { AuditEntry } from '../core/reindexService';
import type { SharedState } from './sharedState';

/** Feedback log over the `feedback` and `unanswered` streams, with `file` as the fallback. */
export function sharedFeedbackLog(shared: SharedState, file: FeedbackLog): FeedbackLog {
  const feedback = shared.stream<FeedbackEntry>('feedback', file);
  const unanswered = shared.stream<FeedbackEntry>('unanswered', file);
  return { record: (entry) => (entry.kind === 'unanswered' ? unanswered : feedback).record(entry) };
}

/** Audit sink over the `audit` stream, with the JSONL file at `path` as the fallback. */
export function sharedAuditLog(shared: SharedState, path: string, log: Logger): (entry: AuditEntry) => void {
  const mirror = createAuditLog({ log });
  const file = createAuditLog({ path, log });
  const stream = shared.stream<AuditEntry>('audit', { record: async (entry) => file(entry) });
  return (entry) => {
    mirror(entry);
    void stream.record(entry);
  };
}
