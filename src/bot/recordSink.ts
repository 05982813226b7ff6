/**
 * The small interface every log of this project writes through (feedback, unanswered questions, the
 * audit trail). A file-backed implementation lives in `jsonlLog.ts`; a shared store (Redis Streams)
 * can implement the same interface, so callers never know where records end up.
 */

/** Counters a sink keeps about itself (shown by `/healthz`, useful in tests). */
export interface SinkStats {
  /** Records accepted and waiting to be written. */
  queued: number;
  /** Records written so far. */
  written: number;
  /** Records dropped because the queue was full or a record was too large to keep. */
  dropped: number;
  /** Write attempts that failed (disk full, folder removed); their records are lost and counted here too. */
  failed: number;
}

/**
 * A destination for records. `record` returns at once, never throws and never waits for IO: a turn must
 * not slow down or fail because a log is slow or broken. When the sink cannot keep up it drops records and
 * counts them (`stats().dropped`) instead of buffering without bound.
 */
export interface RecordSink<T> {
  record(entry: T): void;
  /** Resolves when everything accepted so far has been written (or has failed). */
  flush(): Promise<void>;
  stats(): SinkStats;
}

/** A sink that keeps nothing: what a switched-off log uses. */
export function nullSink<T>(): RecordSink<T> {
  return { record: () => undefined, flush: () => Promise.resolve(), stats: () => ({ queued: 0, written: 0, dropped: 0, failed: 0 }) };
}
