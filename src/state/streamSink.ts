/**
 * Admin logs every replica shares: feedback, unanswered questions and the audit trail as Redis Streams,
 * capped with `XADD <key> MAXLEN ~ N` (Redis trims whole macro nodes, so the cap is approximate and cheap).
 * Each entry is one field `e` holding the JSON object. While Redis is down an entry goes to the local
 * fallback sink (the JSONL file under data/), so nothing is lost; the warning is logged once per outage.
 */
import type { KeyLayout } from './keys';
import type { RedisConnection } from './redisConnection';

/** Something that stores log entries; `record` never rejects. */
export interface EntrySink<T> {
  record(entry: T): Promise<void>;
}

/** The streams the bot writes. */
export const STREAMS = ['feedback', 'unanswered', 'audit'] as const;
export type StreamName = (typeof STREAMS)[number];

/** Options of {@link createStreamSink}. */
export interface StreamSinkOptions<T> {
  stream: StreamName;
  /** Approximate number of entries kept (default 100,000). */
  maxLen?: number;
  /** Where entries go while Redis is unavailable. */
  fallback: EntrySink<T>;
}

/** Longest string field kept: one 200 KB comment must not bloat a shared stream. */
const MAX_FIELD = 4000;

/** The entry with over-long strings cut (a shallow copy). */
export function boundEntry<T extends object>(entry: T): T {
  const out: Record<string, unknown> = { ...(entry as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string' && v.length > MAX_FIELD) out[k] = `${v.slice(0, MAX_FIELD)}…`;
  return out as T;
}

/** A sink appending to one Redis stream. */
export function createStreamSink<T extends object>(conn: RedisConnection, keys: KeyLayout, o: StreamSinkOptions<T>): EntrySink<T> {
  const key = keys.stream(o.stream);
  const maxLen = o.maxLen ?? 100_000;
  const what = `stream:${o.stream}`;
  return {
    async record(entry) {
      let json: string;
      try {
        json = JSON.stringify(boundEntry(entry));
      } catch {
        return o.fallback.record(entry);
      }
      if (!conn.isUp()) {
        conn.fallback(what, new Error('not connected'));
        return o.fallback.record(entry);
      }
      try {
        await conn.client.xadd(key, 'MAXLEN', '~', maxLen, '*', 'e', json);
      } catch (err) {
        conn.fallback(what, err);
        await o.fallback.record(entry);
      }
    },
  };
}

/** One entry read back: the stream id (its first part is the time in ms) and the object. */
export interface StreamEntry {
  id: string;
  entry: Record<string, unknown>;
}

/**
 * Reads a stream from `sinceMs` on, in pages of `pageSize`, calling `each` per entry (bounded memory
 * however long the stream is). Entries whose JSON is damaged are skipped and counted.
 */
export async function readStream(
  conn: RedisConnection,
  keys: KeyLayout,
  stream: StreamName,
  each: (e: StreamEntry) => void,
  options: { sinceMs?: number; pageSize?: number } = {},
): Promise<{ read: number; damaged: number }> {
  const key = keys.stream(stream);
  let start = options.sinceMs === undefined ? '-' : `${Math.max(0, Math.floor(options.sinceMs))}-0`;
  let read = 0;
  let damaged = 0;
  for (;;) {
    const page = (await conn.client.xrange(key, start, '+', 'COUNT', options.pageSize ?? 1000)) as [string, string[]][];
    for (const [id, fields] of page) {
      const i = fields.indexOf('e');
      try {
        if (i < 0 || i % 2 !== 0) throw new Error('no entry field');
        each({ id, entry: JSON.parse(fields[i + 1]) as Record<string, unknown> });
        read += 1;
      } catch {
        damaged += 1;
      }
    }
    if (page.length < (options.pageSize ?? 1000)) return { read, damaged };
    start = `(${page[page.length - 1][0]}`;
  }
}
