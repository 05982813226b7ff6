/**
 * Bounded memory of the answers the bot sent, keyed by the id Teams gave the sent message, so a later
 * thumbs up/down (which only carries that id as `replyToId`) can be stored with its question and answer.
 */

/** What is remembered about one sent answer. */
export interface SentAnswer {
  question: string;
  answerText: string;
  /** Cited URLs in citation order. */
  citations: string[];
}

/**
 * A small least-recently-used map. A `Map` iterates in insertion order, so re-inserting on access
 * and evicting the first key gives LRU without a linked list.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** @param capacity Maximum number of entries kept (at least 1). */
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Number of entries currently held. */
  get size(): number {
    return this.entries.size;
  }

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores the value as most recently used, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
