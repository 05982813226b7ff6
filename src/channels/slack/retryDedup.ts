/**
 * Small bounded in-memory stores: a TTL set for Slack event ids (so a retried delivery never
 * produces a second answer) and a TTL map for answers referenced by button values.
 * Both evict by age and by size, so memory stays bounded whatever Slack sends.
 */

/** Options of {@link TtlSet} and {@link TtlCache}. */
export interface TtlOptions {
  /** How long an entry lives, in milliseconds. */
  ttlMs: number;
  /** Most entries kept; the oldest are evicted first. */
  maxEntries: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** A bounded map whose entries expire; insertion order is expiry order because the TTL is constant. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly now: () => number;

  constructor(private readonly options: TtlOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Stores `value` under `key`, replacing (and refreshing) an existing entry. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.options.ttlMs });
    this.prune();
  }

  /** The live value under `key`, or `undefined` when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** True when `key` has a live entry. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Number of entries currently held (expired ones may still count until the next prune). */
  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires > now && this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** A bounded set of ids that forget themselves after a while. */
export class TtlSet {
  private readonly cache: TtlCache<true>;

  constructor(options: TtlOptions) {
    this.cache = new TtlCache<true>(options);
  }

  /**
   * Records `id` and returns true when it was not seen within the TTL; returns false (and keeps the
   * original expiry) for a repeat. Check-and-add is one synchronous step, so two concurrent
   * deliveries cannot both pass.
   */
  addIfNew(id: string): boolean {
    if (this.cache.has(id)) return false;
    this.cache.set(id, true);
    return true;
  }

  /** True when `id` was recorded and has not expired. */
  has(id: string): boolean {
    return this.cache.has(id);
  }
}
