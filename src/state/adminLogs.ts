/**
 * The admin logs (feedback, unanswered questions, the audit trail) on Redis streams when several
 * replicas run, so admins read one place. Entries arrive already cut, cleaned and pseudonymised by
 * src/bot/feedbackLog.ts and auditLog.ts; while Redis is down they go to this replica's JSONL file.
 */
import type { RecordSink } from '../bot/recordSink';
import type { SharedState } from './sharedState';
import type { EntrySink, StreamName } from './streamSink';

/**
 * A record sink that appends each entry to the stream `route(entry)` names, with `fallback` (the local
 * JSONL file) while Redis cannot take it. `record` returns at once and never throws, like every sink.
 */
export function sharedRecordSink<T extends object>(shared: SharedState, route: (entry: T) => StreamName, fallback: RecordSink<T>): RecordSink<T> {
  const streams = new Map<StreamName, EntrySink<T>>();
  const streamFor = (name: StreamName): EntrySink<T> => {
    let s = streams.get(name);
    if (!s) streams.set(name, (s = shared.stream<T>(name, { record: async (entry) => fallback.record(entry) })));
    return s;
  };
  return {
    record: (entry) => {
      // The stream sink falls back by itself; a rejection here would only be a bug, never a lost request.
      streamFor(route(entry)).record(entry).catch(() => fallback.record(entry));
    },
    flush: () => fallback.flush(),
    stats: () => fallback.stats(),
  };
}
