/**
 * How replicas share one index version. Core only knows this interface; the Redis implementation lives
 * in src/state/indexDistribution.ts and is injected by the composition root. Without it (one process)
 * the reindex service builds, swaps and persists exactly as before.
 */
import type { SearchIndex } from './searchIndex';

/** One published index version (what the "current" pointer holds). */
export interface PublishedVersion {
  /** Content address of the artifact (sha256 of its payload). */
  artifact: string;
  /** The index's own version (`<format>-<content hash>`): equal versions answer alike. */
  version: string;
  builtAt: string;
  /** Compressed size of the artifact, in bytes. */
  bytes: number;
  publishedAt: string;
}

/** Options of {@link IndexDistribution.publish}. */
export interface PublishOptions {
  /** Only when nothing is current yet (seeding at start). */
  onlyIfNone?: boolean;
  /** The index already cut into JSON pieces (by the build worker): saves serialising it again. */
  parts?: [string, string][];
}

/** The outcome of {@link IndexDistribution.runLocked}. */
export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/** Shared storage and coordination for the index. */
export interface IndexDistribution {
  /**
   * Runs `build` while holding the fleet-wide build lock; `{ ran: false }` when another replica holds it.
   * When the store is unreachable the build runs anyway (it cannot be coordinated, and must not be lost).
   */
  runLocked<T>(build: () => Promise<T>): Promise<LockedRun<T>>;
  /**
   * Stores the index as an artifact, then moves "current" to it and announces it. With `onlyIfNone`,
   * only when nothing is current yet (seeding at start); resolves `undefined` when that was not done.
   * Rejects when the store is unavailable.
   */
  publish(index: SearchIndex, options?: PublishOptions): Promise<PublishedVersion | undefined>;
  /** The current version; `undefined` when none is published. Rejects when the store is unavailable. */
  current(): Promise<PublishedVersion | undefined>;
  /** Fetches and verifies a version's index. Rejects when it is missing, damaged or unreachable. */
  load(version: PublishedVersion): Promise<SearchIndex>;
  /** Calls `listener` on each announcement and each poll of "current". Returns a function that stops. */
  watch(listener: (version: PublishedVersion) => void): () => void;
  /** Resolves true once no replica holds the build lock, false after `timeoutMs`. */
  waitUnlocked(timeoutMs: number): Promise<boolean>;
}
