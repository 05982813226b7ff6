/**
 * Per-client throttling of failed attempts (wrong admin tokens). The interface is asynchronous so a
 * shared store (Redis, for several replicas) can implement it; {@link createMemoryFailureThrottle} is the
 * bounded in-process implementation.
 */

/** Whether a client may try again, and when. */
export interface ThrottleState {
  blocked: boolean;
  /** Seconds until the client may try again (0 when not blocked). */
  retryAfterS: number;
}

/** Counts failures per key (a client address) in a fixed window. */
export interface FailureThrottle {
  /** The state of `key` without recording anything. */
  blocked(key: string): Promise<ThrottleState>;
  /** Records one failure of `key`; returns the state after it. */
  fail(key: string): Promise<ThrottleState>;
}

/** Options of {@link createMemoryFailureThrottle}. */
export interface MemoryFailureThrottleOptions {
  /** Failures allowed per window before the key is blocked for the rest of it (default 5). */
  maxFailures?: number;
  /** Window length (default 60 s). */
  windowMs?: number;
  /** Keys remembered at most; the oldest window is forgotten first (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
}

/** An in-memory {@link FailureThrottle} with a bounded number of keys. */
export function createMemoryFailureThrottle(options: MemoryFailureThrottleOptions = {}): FailureThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order = window start order, so the first entry is always the oldest.
  const windows = new Map<string, Window>();

  const current = (key: string, t: number): Window | undefined => {
    const w = windows.get(key);
    if (w && t - w.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const state = (w: Window | undefined, t: number): ThrottleState =>
    w && w.failures >= maxFailures ? { blocked: true, retryAfterS: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) } : { blocked: false, retryAfterS: 0 };

  return {
    async blocked(key) {
      const t = now();
      return state(current(key, t), t);
    },
    async fail(key) {
      const t = now();
      let w = current(key, t);
      if (!w) {
        w = { start: t, failures: 0 };
        windows.set(key, w);
        while (windows.size > maxKeys) windows.delete(windows.keys().next().value as string);
      }
      w.failures += 1;
      return state(w, t);
    },
  };
}
