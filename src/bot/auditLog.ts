/**
 * The reindex audit trail: one JSON object per line in a size-rotated file, so "who reindexed when,
 * from where, with what result" survives restarts and can be grepped, with the same bounds as the
 * feedback log (bounded queue, rotation, clipped fields). Admins are named by their configured id
 * (the trail exists to hold them accountable); a refused attempt comes from someone who is not an
 * admin, so its `who` is pseudonymised like any user id in the logs (or left out without a key).
 */
import type { Logger } from '../core/logger';
import type { AuditEntry } from '../core/reindexService';
import { clipText } from './feedbackLog';
import { createJsonlLog } from './jsonlLog';
import { userIdPolicy } from './pseudonymize';
import { nullSink, type RecordSink } from './recordSink';
import type { Rotation } from './rotatingFile';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** JSON-lines file; absent: entries go to `log` only. */
  path?: string;
  /** Also mirrors each entry as one line in the process log. */
  log: Logger;
  /** HMAC key for the `who` of refused attempts; absent: it is stored as "(not an admin)". */
  userIdKey?: string;
  rotation?: Rotation;
  maxQueue?: number;
  /** Where cleaned entries go instead of the file (a shared store). */
  sink?: RecordSink<AuditEntry>;
}

/** Longest kept text per field. */
export const AUDIT_LIMITS = { who: 200, surface: 20, detail: 2000 } as const;



/** Creates the audit sink. `record` never throws and never waits for the disk. */
export function createAuditLog(options: AuditLogOptions): RecordSink<AuditEntry> {
  const userIds = userIdPolicy(options.userIdKey);
  const sink = options.sink ?? (options.path ? createJsonlLog<AuditEntry>({ path: options.path, name: 'audit log', log: options.log, rotation: options.rotation, maxQueue: options.maxQueue }) : nullSink<AuditEntry>());
  return {
    record(entry) {
      const surface = clipText(String(entry.surface), AUDIT_LIMITS.surface);
      const who = entry.result === 'refused' && !entry.who.startsWith('http:') ? (userIds(surface, entry.who) ?? '(not an admin)') : entry.who;
      const clean: AuditEntry = {
        at: entry.at,
        who: clipText(String(who), AUDIT_LIMITS.who),
        surface,
        result: entry.result,
        ...(entry.detail === undefined ? {} : { detail: clipText(String(entry.detail), AUDIT_LIMITS.detail) }),
      };
      // JSON encoding escapes newlines, so a crafted name cannot forge a second entry in either place.
      options.log.info({ audit: clean }, 'audit');
      sink.record(clean);
    },
    flush: () => sink.flush(),
    stats: () => sink.stats(),
  };
}
