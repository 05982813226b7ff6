/**
 * A JSON-lines log file behind a {@link RecordSink}: records are serialised at once, queued in a bounded
 * queue and appended in batches to a size-rotated file. Used by the feedback log and the audit trail.
 */
import type { Logger } from '../core/logger';
import { BoundedQueue } from './boundedQueue';
import type { RecordSink } from './recordSink';
import { DEFAULT_ROTATION, RotatingFile, type Rotation } from './rotatingFile';

/** Options of {@link createJsonlLog}. */
export interface JsonlLogOptions {
  path: string;
  /** Name in log lines. */
  name: string;
  log: Logger;
  rotation?: Rotation;
  /** Most lines waiting to be written (default 2000). */
  maxQueue?: number;
  /** Longest line kept, in bytes (default 64 KiB); callers clip fields well below it. */
  maxLineBytes?: number;
  warnIntervalMs?: number;
}

/** Bytes per append: large enough to be cheap, small enough never to jump far past `maxBytes`. */
const BATCH_BYTES = 256 * 1024;

/** Creates the log. `record` never throws and never waits for the disk. */
export function createJsonlLog<T extends object>(options: JsonlLogOptions): RecordSink<T> & { files(): string[] } {
  const rotation = options.rotation ?? DEFAULT_ROTATION;
  const file = new RotatingFile(options.path, rotation);
  const maxLine = options.maxLineBytes ?? 64 * 1024;
  const queue = new BoundedQueue<string>({
    name: options.name,
    maxItems: options.maxQueue ?? 2000,
    maxBatch: 1000,
    weight: (line) => Buffer.byteLength(line),
    maxBatchWeight: Math.min(BATCH_BYTES, rotation.maxBytes),
    consume: (batch) => file.append(batch.join('')),
    log: options.log,
    warnIntervalMs: options.warnIntervalMs,
  });
  return {
    record(entry) {
      let line: string;
      try {
        line = JSON.stringify(entry) + '\n';
      } catch (err) {
        options.log.error({ log: options.name, err: (err as Error).message }, 'log record could not be serialised');
        queue.drop(1);
        return;
      }
      if (Buffer.byteLength(line) > maxLine) return queue.drop(1);
      queue.push(line);
    },
    flush: () => queue.flush(),
    stats: () => queue.stats(),
    files: () => file.files(),
  };
}
