/**
 * A bounded, batching queue in front of a slow consumer (a file, a network store). Producers never wait:
 * `push` either accepts the item or drops it and counts the drop. One batch is consumed at a time, so a
 * burst of 20,000 records costs one queue of at most `maxItems` items, not 20,000 pending promises.
 */
import type { Logger } from '../core/logger';

/** Options of {@link BoundedQueue}. */
export interface BoundedQueueOptions<T> {
  /** Name in log lines ("feedback log", "audit log"). */
  name: string;
  /** Most items waiting; beyond it new items are dropped (the oldest are kept: they are already ordered). */
  maxItems: number;
  /** Most items per batch. */
  maxBatch: number;
  /** Weight of one item (bytes of a line); with `maxBatchWeight` caps a batch. Default 1 per item. */
  weight?: (item: T) => number;
  /** Largest total weight of one batch (default: unlimited). A single heavier item still goes alone. */
  maxBatchWeight?: number;
  /** Writes one batch. A rejection is logged (at most once per interval) and the batch is counted as failed. */
  consume: (batch: T[]) => Promise<void>;
  log: Logger;
  /** Minimum time between two "dropped" or "failed" warnings (default 60 s). */
  warnIntervalMs?: number;
  now?: () => number;
}

/** Counters of a queue. */
export interface QueueStats {
  queued: number;
  written: number;
  dropped: number;
  failed: number;
}

/** See the file comment. */
export class BoundedQueue<T> {
  private items: T[] = [];
  private draining: Promise<void> | undefined;
  private readonly counts = { written: 0, dropped: 0, failed: 0 };
  /** Drops and failures not yet reported, and when the last warning went out. */
  private unreported = { dropped: 0, failed: 0, lastError: '' };
  private lastWarn = -Infinity;
  private warnTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly interval: number;

  constructor(private readonly options: BoundedQueueOptions<T>) {
    this.now = options.now ?? Date.now;
    this.interval = options.warnIntervalMs ?? 60_000;
  }

  /** Accepts `item` (true) or drops it because the queue is full (false). Never throws, never waits. */
  push(item: T): boolean {
    if (this.items.length >= this.options.maxItems) {
      this.drop(1);
      return false;
    }
    this.items.push(item);
    if (!this.draining) this.draining = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    return true;
  }

  /** Counts items dropped before they reached the queue (too large), reported like queue overflows. */
  drop(count: number): void {
    this.counts.dropped += count;
    this.unreported.dropped += count;
    this.report();
  }

  /** Resolves once every item pushed so far has been consumed or has failed. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stats(): QueueStats {
    return { queued: this.items.length, ...this.counts };
  }

  private async drain(): Promise<void> {
    try {
      while (this.items.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.options.consume(batch);
          this.counts.written += batch.length;
        } catch (err) {
          this.counts.failed += batch.length;
          this.unreported.failed += batch.length;
          this.unreported.lastError = (err as Error)?.message ?? String(err);
          this.report();
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private takeBatch(): T[] {
    const { maxBatch, maxBatchWeight, weight } = this.options;
    let n = 0;
    let total = 0;
    while (n < this.items.length && n < maxBatch) {
      const w = weight ? weight(this.items[n]) : 1;
      if (n > 0 && maxBatchWeight !== undefined && total + w > maxBatchWeight) break;
      total += w;
      n++;
    }
    return this.items.splice(0, n);
  }

  /** One warning per interval; what happens in between is summed into the next one (or a timer's). */
  private report(): void {
    const wait = this.lastWarn + this.interval - this.now();
    if (wait > 0) {
      this.warnTimer ??= setTimeout(() => {
        this.warnTimer = undefined;
        this.report();
      }, wait).unref();
      return;
    }
    const { dropped, failed, lastError } = this.unreported;
    if (dropped === 0 && failed === 0) return;
    this.lastWarn = this.now();
    this.unreported = { dropped: 0, failed: 0, lastError: '' };
    const fields = { log: this.options.name, dropped, failed, totalDropped: this.counts.dropped, totalFailed: this.counts.failed, queued: this.items.length };
    if (failed > 0) this.options.log.error({ ...fields, err: lastError }, 'log records could not be written');
    else this.options.log.warn(fields, 'log queue full: records dropped');
  }
}
