/**
 * "Do this once": a claim on a key, held for a while. The first caller gets `true`, every later caller
 * `false` until the claim expires. Used so a replayed Slack share click posts the answer once. The
 * interface is asynchronous so a shared store (Redis `SET key 1 NX PX ttl`) can back it across replicas.
 */

/** Claims on keys. */
export interface ClaimStore {
  /** True for the first claim of `key` within `ttlMs`; false while an earlier claim holds. Never rejects. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the work it guarded failed and may be tried again). Never rejects. */
  release(key: string): Promise<void>;
}

/** Options of {@link MemoryClaimStore}. */
export interface MemoryClaimOptions {
  /** Most claims held; at the limit the oldest is forgotten first (default 20,000). */
  maxEntries?: number;
  now?: () => number;
}

/** A claim store in this process's memory, bounded by count and by time. */
export class MemoryClaimStore implements ClaimStore {
  private readonly held = new Map<string, number>();
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: MemoryClaimOptions = {}) {
    this.max = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  /** The check and the set are one synchronous step: two concurrent claims cannot both win. */
  claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const expires = this.held.get(key);
    if (expires !== undefined && expires > now) return Promise.resolve(false);
    this.held.delete(key);
    this.held.set(key, now + ttlMs);
    this.prune(now);
    return Promise.resolve(true);
  }

  release(key: string): Promise<void> {
    this.held.delete(key);
    return Promise.resolve();
  }

  /** Claims held now (expired ones may count until the next prune). */
  get size(): number {
    return this.held.size;
  }

  /** Insertion order is claim order: drop expired claims from the front, and the oldest beyond the limit. */
  private prune(now: number): void {
    for (const [key, expires] of this.held) {
      if (expires > now && this.held.size <= this.max) break;
      this.held.delete(key);
    }
  }
}
