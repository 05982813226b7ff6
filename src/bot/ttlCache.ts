/**
 * A bounded in-memory map whose entries expire: evicted by age and by size, so memory stays bounded
 * whatever callers store. Channel-neutral, so both channels and the Redis state's local fallbacks
 * (`src/state/sharedValues.ts`) use it without importing each other.
 */

/** Options of {@link TtlCache} (and of the stores built on it). */
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
