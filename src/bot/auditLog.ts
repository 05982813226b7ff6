/**
 * The reindex audit trail: one JSON object per line, appended to a file, so "who reindexed when, from
 * where, with what result" survives restarts and can be grepped. Use as the reindex service's `audit`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/logger';
import type { AuditEntry } from '../core/reindexService';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** JSON-lines file; absent: entries go to `log` only. */
  path?: string;
  /** Also mirrors each entry as one readable line (the process log). */
  log?: Logger;
}

/** Longest detail kept: a failure listing hundreds of files should not bloat the trail. */
const MAX_DETAIL = 2000;

/** Creates an audit sink. Never throws: a failed write is reported through `log`. */
export function createAuditLog(options: AuditLogOptions): (entry: AuditEntry) => void {
  if (options.path) mkdirSync(dirname(options.path), { recursive: true });
  return (entry) => {
    const clean: AuditEntry = { ...entry, detail: entry.detail === undefined ? undefined : entry.detail.slice(0, MAX_DETAIL) };
    // JSON.stringify escapes newlines, so a crafted user name cannot forge a second entry.
    const json = JSON.stringify(clean);
    options.log?.info({ audit: clean }, 'audit');
    if (!options.path) return;
    try {
      appendFileSync(options.path, `${json}\n`);
    } catch (err) {
      options.log?.error({ path: options.path, err: (err as Error).message }, 'audit: could not write');
    }
  };
}
