/**
 * "Do this once": a claim on a key, held for a while. The first caller gets `true`, every later caller
 * `false` until the claim expires or its holder releases it. The one claim contract of the bot: a Slack
 * share click posts once (and is given back when the post failed), a Slack message or a vote counts once,
 * a Slack event or Teams activity is answered once. The interface is asynchronous so a shared store
 * (src/state/claims.ts, on Redis) can back it across replicas; {@link MemoryClaimStore} is the bounded
 * in-process store, and the shared store's local mirror.
 */

/** Claims on keys. */
export interface ClaimStore {
  /** True for the first claim of `key` within `ttlMs`; false while an earlier claim holds. Never rejects. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Gives back a claim this holder took (the work it guarded failed and may be tried again), so the next
   * claim of `key` wins at once instead of after the expiry. Never removes another holder's claim. Never rejects.
   */
  release(key: string): Promise<void>;
}

/** Options of {@link MemoryClaimStore}. */
export interface MemoryClaimOptions {
  /** Most claims held, whatever their TTL; at the limit the oldest is forgotten first (default 20,000). */
  maxEntries?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** A live claim in a {@link MemoryClaimStore}. */
export interface HeldClaim {
  /** When it lapses, on the store's clock. */
  expires: number;
  /** True when it records a claim another holder took (see {@link MemoryClaimStore.remember}). */
  theirs: boolean;
  /** The token of the shared claim this entry mirrors, when a shared store recorded one. */
  token?: string;
}

interface Entry extends HeldClaim {
  /** Claim order across TTLs, for evicting the oldest. */
  order: number;
}

/**
 * Claims in this process's memory, bounded by count and by time. Claims are kept per TTL: within one TTL
 * insertion order is expiry order, so expired claims are dropped from the front without a scan.
 */
export class MemoryClaimStore implements ClaimStore {
  private readonly byTtl = new Map<number, Map<string, Entry>>();
  private readonly max: number;
  private readonly now: () => number;
  private count = 0;
  private order = 0;

  constructor(options: MemoryClaimOptions = {}) {
    this.max = Math.max(1, options.maxEntries ?? 20_000);
    this.now = options.now ?? Date.now;
  }

  /**
   * Synchronous claim, for callers that cannot wait: true when no live claim of `key` is held (it is then
   * held, with `token` when given). The check and the set are one step: two concurrent claims cannot both win.
   */
  claimNow(key: string, ttlMs: number, token?: string): boolean {
    if (this.get(key)) return false;
    this.put(key, ttlMs, { theirs: false, token });
    return true;
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.claimNow(key, ttlMs));
  }

  release(key: string): Promise<void> {
    this.forget(key);
    return Promise.resolve();
  }

  /** Records `key` as claimed here (a shared store won it, with `token`), replacing whatever was recorded. */
  hold(key: string, ttlMs: number, token?: string): void {
    this.forget(key);
    this.put(key, ttlMs, { theirs: false, token });
  }

  /** Records `key` as claimed by another holder (without asking), unless a live claim is recorded already. */
  remember(key: string, ttlMs: number): void {
    if (!this.get(key)) this.put(key, ttlMs, { theirs: true });
  }

  /** The live claim of `key`, or `undefined` when none is held (an expired one is dropped here). */
  get(key: string): HeldClaim | undefined {
    const now = this.now();
    for (const bucket of this.byTtl.values()) {
      const entry = bucket.get(key);
      if (!entry) continue;
      if (entry.expires > now) return { expires: entry.expires, theirs: entry.theirs, ...(entry.token ? { token: entry.token } : {}) };
      this.drop(bucket, key);
    }
    return undefined;
  }

  /** Removes the claim of `key`; returns it when it was live. */
  forget(key: string): HeldClaim | undefined {
    const held = this.get(key);
    for (const bucket of this.byTtl.values()) if (bucket.has(key)) this.drop(bucket, key);
    return held;
  }

  /** Claims held now (expired ones may count until the next prune). */
  get size(): number {
    return this.count;
  }

  private put(key: string, ttlMs: number, claim: Omit<HeldClaim, 'expires'>): void {
    const now = this.now();
    let bucket = this.byTtl.get(ttlMs);
    if (!bucket) this.byTtl.set(ttlMs, (bucket = new Map()));
    bucket.set(key, { ...claim, expires: now + ttlMs, order: this.order++ });
    this.count++;
    this.prune(now);
  }

  private drop(bucket: Map<string, Entry>, key: string): void {
    if (bucket.delete(key)) this.count--;
  }

  /** Expired claims go from the front of each TTL; beyond the limit the oldest claim of any TTL goes. */
  private prune(now: number): void {
    for (const [ttl, bucket] of this.byTtl) {
      for (const [key, entry] of bucket) {
        if (entry.expires > now) break;
        this.drop(bucket, key);
      }
      if (bucket.size === 0) this.byTtl.delete(ttl);
    }
    while (this.count > this.max) {
      let oldest: { bucket: Map<string, Entry>; key: string; order: number } | undefined;
      for (const bucket of this.byTtl.values()) {
        const first = bucket.entries().next().value;
        if (first && (!oldest || first[1].order < oldest.order)) oldest = { bucket, key: first[0], order: first[1].order };
      }
      if (!oldest) break;
      this.drop(oldest.bucket, oldest.key);
    }
  }
}
