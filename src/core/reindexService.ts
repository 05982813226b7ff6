/**
 * The admin reindex: builds a new index from the content sources in the background (a worker thread),
 * validates it, swaps it in atomically and persists it. The serving index keeps answering throughout
 * and stays when the new one is rejected. Concurrent requests share one run.
 *
 * The same worker opens the index at start ({@link ReindexService.open}): the server listens at once and
 * reports "not ready" until the index is in. Every run logs its progress (loading, indexing, persisting,
 * swapped) with counts and milliseconds.
 */
import { existsSync, renameSync, unlinkSync } from 'node:fs';
import type { ReindexReport, Surface } from './types';
import { removeLeftovers, type IndexProgress } from './indexStore';
import { prepareIndex } from './query/prepareIndex';
import { runJob, runJobInWorker, tick, type BuildJob, type DocRef, type IndexJob, type JobResult } from './indexWorker';
import type { IndexDistribution } from './indexDistribution';
import { silentLogger, type Logger } from './logger';
import { refreshRemote, type RemoteOptions } from './remoteSources';
import type { SearchIndex } from './searchIndex';
import { LANGS, type Lang, type LoadProblem } from './types';

/** Who asked for a reindex. */
export interface ReindexRequest {
  who: string;
  surface: Surface;
}

/** One audit record: every attempt is logged, including refused and joined ones. */
export interface AuditEntry {
  /** ISO time of the request. */
  at: string;
  who: string;
  surface: string;
  result: 'ok' | 'failed' | 'refused' | 'joined';
  detail?: string;
}

/** Options of {@link createReindexService}. */
export interface ReindexServiceOptions {
  contentDirs: string[];
  /** Where the index is persisted (the file `openIndex` reads at start). */
  indexPath: string;
  /** The index serving at start; absent: nothing serves until {@link ReindexService.open} has finished. */
  initial?: SearchIndex;
  /** Live refresh of files that name a remote URL; off when absent. */
  remote?: RemoteOptions;
  audit: (entry: AuditEntry) => void;
  now?: () => Date;
  /** Build in a worker thread (default). False builds in-process, blocking the event loop meanwhile. */
  worker?: boolean;
  /** Progress and warnings of opening and reindexing. */
  log?: Logger;
  /**
   * Several replicas: a reindex builds under the fleet-wide lock and publishes the accepted index; a
   * reindex asked while another replica builds waits for that one and takes its result. Absent: one process.
   */
  distribution?: IndexDistribution;
  /** Longest wait for another replica's build, in ms (default 10 minutes). */
  distributedWaitMs?: number;
}

/** How the index was obtained at start. */
export interface OpenReport {
  ok: boolean;
  /** True when it was built (no usable persisted index, or the content changed). */
  built: boolean;
  /** Warnings (unreadable files, a damaged persisted index, an index that could not be saved), or why it failed. */
  problems: LoadProblem[];
  ms: number;
}

/** Thrown by `current()` while no index has been loaded yet. */
export class IndexNotReadyError extends Error {
  constructor() {
    super('the index is not loaded yet');
  }
}

/** A reindex report plus the non-fatal warnings (live copies that could not be used, persistence). */
export interface ServiceReport extends ReindexReport {
  warnings: LoadProblem[];
}

/** What `/healthz` shows about the index (the index fields are absent until one is loaded). */
export interface IndexHealth {
  indexVersion?: string;
  builtAt?: string;
  documents?: number;
  passages?: number;
  reindexing: boolean;
}

/** The reindex service. */
export interface ReindexService {
  /** The index serving now; changes only when a reindex succeeds. Throws {@link IndexNotReadyError} before one is loaded. */
  current(): SearchIndex;
  /** True once an index serves. */
  ready(): boolean;
  /**
   * Opens the index at start in the worker (persisted when intact and current, else built and persisted).
   * Resolves (never rejects) when it serves or has failed; a second call returns the first run.
   */
  open(): Promise<OpenReport>;
  /**
   * Starts a reindex, or joins the one under way (`coalesced: true`). Never rejects: a failed build
   * resolves with `ok: false`. In a report `version`, `documents` and `passages` describe the index
   * serving after the attempt; `added`/`removed`/`changed` what the new build changes (or would have).
   */
  reindex(req: ReindexRequest): Promise<ServiceReport>;
  running(): boolean;
  /** Records a refused attempt (not an admin, wrong token). */
  refused(req: { who: string; surface: string; detail?: string }): void;
  health(): IndexHealth;
  /**
   * Serves an index another replica built (it is neither built nor persisted here). Refused (false)
   * while this replica runs a reindex itself: that run publishes what every replica then serves.
   */
  adopt(index: SearchIndex): boolean;
}

/** Checks beyond the loader's own: the new index must not lose a language or be empty. */
function validate(next: SearchIndex, previous: SearchIndex): LoadProblem[] {
  const problems: LoadProblem[] = [];
  if (next.documents.length === 0) problems.push({ file: '(index)', reason: 'the new index has no documents' });
  for (const lang of LANGS) {
    const before = previous.passages.filter((p) => p.lang === lang).length;
    if (before > 0 && !next.passages.some((p) => p.lang === lang)) {
      problems.push({ file: '(index)', reason: `the new index has no ${lang} passages (the serving one has ${before})` });
    }
  }
  return problems;
}

/** Page ids added, removed and changed (by content hash) between two indexes. */
export function diffIndexes(previous: readonly DocRef[], next: readonly DocRef[]): { added: string[]; removed: string[]; changed: string[] } {
  const before = new Map(previous.map((d) => [d.id, d.hash]));
  const after = new Map(next.map((d) => [d.id, d.hash]));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    changed: [...after].filter(([id, hash]) => before.has(id) && before.get(id) !== hash).map(([id]) => id),
  };
}

function passageCounts(index: SearchIndex): Record<Lang, number> {
  const counts = { nl: 0, en: 0 };
  for (const p of index.passages) counts[p.lang]++;
  return counts;
}

/** Creates the service around the index serving at start. */
export function createReindexService(options: ReindexServiceOptions): ReindexService {
  const now = options.now ?? (() => new Date());
  const useWorker = options.worker ?? true;
  const log = options.log ?? silentLogger;
  let serving: SearchIndex | undefined = options.initial;
  let inflight: Promise<ServiceReport> | undefined;
  let opening: Promise<OpenReport> | undefined;

  /** Runs a job in the worker (or in this thread), logging each stage. */
  const execute = async (job: IndexJob, run: string): Promise<JobResult> => {
    const progress = (p: IndexProgress) => log.info({ run, ...p }, 'index progress');
    if (useWorker) return runJobInWorker(job, progress);
    await tick(); // Let the caller see running() before the blocking build starts.
    const { index, problems, ok, saveError, built } = runJob(job, progress);
    if (ok) await prepareIndex(index, { pause: tick });
    return { index: ok ? index : undefined, documents: index.documents, problems, saveError, built };
  };

  const audit = (entry: AuditEntry) => {
    try {
      options.audit(entry);
    } catch {
      // A broken audit sink must not break reindexing; the caller's sink owns its own error reporting.
    }
  };

  const run = async (req: ReindexRequest): Promise<ServiceReport> => {
    const at = now().toISOString();
    const started = performance.now();
    const previous = serving;
    const warnings: LoadProblem[] = [];
    if (!previous) {
      const problems = [{ file: options.indexPath, reason: 'the index is still loading; try again when it is ready' }];
      audit({ at, who: req.who, surface: req.surface, result: 'failed', detail: problems[0].reason });
      return { ok: false, version: '', documents: 0, passages: { nl: 0, en: 0 }, added: [], removed: [], changed: [], durationMs: 0, problems, coalesced: false, warnings };
    }
    const job: BuildJob = { kind: 'build', contentDirs: options.contentDirs, overrides: {}, builtAt: at, stagingPath: `${options.indexPath}.next` };
    if (options.remote?.enabled) {
      try {
        const refreshed = await refreshRemote(options.contentDirs, options.remote, now);
        job.overrides = refreshed.overrides;
        warnings.push(...refreshed.warnings);
      } catch (err) {
        warnings.push({ file: options.remote.cacheDir, reason: `live refresh skipped: ${(err as Error).message}` });
      }
    }

    let built: JobResult;
    try {
      built = await execute(job, 'reindex');
    } catch (err) {
      built = { problems: [{ file: options.contentDirs.join(', '), reason: `build failed: ${(err as Error).message}` }] };
    }
    const candidate = built.problems.length === 0 ? built.index : undefined;
    const problems = candidate ? validate(candidate, previous) : built.problems;
    const ok = candidate !== undefined && problems.length === 0;
    if (ok && candidate) {
      serving = candidate; // The swap: one assignment, so every answer sees the old index or the new one.
      log.info({ run: 'reindex', stage: 'swapped', documents: candidate.documents.length, passages: candidate.passages.length, ms: Math.round(performance.now() - started) }, 'index progress');
      try {
        if (built.saveError) throw new Error(built.saveError);
        renameSync(job.stagingPath, options.indexPath);
      } catch (err) {
        warnings.push({ file: options.indexPath, reason: `new index serves but was not persisted: ${(err as Error).message}` });
      }
      if (options.distribution) {
        // Still under the build lock: "current" moves before another replica may start a build.
        try {
          const published = await options.distribution.publish(candidate, { parts: built.parts });
          log.info({ version: candidate.version, artifact: published?.artifact.slice(0, 12), bytes: published?.bytes }, 'reindex: published to the other replicas');
        } catch (err) {
          warnings.push({ file: '(shared index store)', reason: `new index serves here but was not published to other replicas: ${(err as Error).message}` });
        }
      }
    } else if (existsSync(job.stagingPath)) {
      try {
        unlinkSync(job.stagingPath);
      } catch {
        // Left-over staging file: overwritten by the next run.
      }
    }

    const result = serving ?? previous;
    const report: ServiceReport = {
      ok,
      version: result.version,
      documents: result.documents.length,
      passages: passageCounts(result),
      ...(built.documents ? diffIndexes(previous.documents, built.documents) : { added: [], removed: [], changed: [] }),
      durationMs: Math.round(performance.now() - started),
      problems,
      coalesced: false,
      warnings,
    };
    const detail = ok
      ? `version=${report.version} documents=${report.documents} added=${report.added.length} removed=${report.removed.length} changed=${report.changed.length} warnings=${warnings.length} ms=${report.durationMs}`
      : `kept version=${report.version}; ${problems.map((p) => `${p.file}: ${p.reason}`).join('; ')}`;
    audit({ at, who: req.who, surface: req.surface, result: ok ? 'ok' : 'failed', detail });
    return report;
  };

  /** One build fleet-wide: build under the lock, or wait for the replica holding it and serve its result. */
  const runDistributed = async (distribution: IndexDistribution, req: ReindexRequest): Promise<ServiceReport> => {
    const started = performance.now();
    const locked = await distribution.runLocked(() => {
      log.info({ who: req.who, surface: req.surface }, 'reindex: building (holding the shared build lock)');
      return run(req);
    });
    if (locked.ran) return locked.value;
    audit({ at: now().toISOString(), who: req.who, surface: req.surface, result: 'joined', detail: 'another replica is building' });
    log.info({}, 'reindex: another replica is building; waiting for its result');
    const previous = serving;
    if (!previous) return run(req);
    const warnings: LoadProblem[] = [];
    try {
      if (!(await distribution.waitUnlocked(options.distributedWaitMs ?? 600_000))) throw new Error('the other build did not finish in time');
      const published = await distribution.current();
      if (published && published.version !== serving?.version) serving = await distribution.load(published);
    } catch (err) {
      warnings.push({ file: '(shared index store)', reason: `could not take the other replica's index: ${(err as Error).message}` });
    }
    return {
      ok: warnings.length === 0,
      version: (serving ?? previous).version,
      documents: (serving ?? previous).documents.length,
      passages: passageCounts(serving ?? previous),
      ...diffIndexes(previous.documents, (serving ?? previous).documents),
      durationMs: Math.round(performance.now() - started),
      problems: [],
      coalesced: true,
      warnings,
    };
  };

  const open = async (): Promise<OpenReport> => {
    const started = performance.now();
    // Several replicas: the fleet's current index was handed in at start; nothing to load or build here.
    if (options.initial) return { ok: true, built: false, problems: [], ms: 0 };
    const removed = removeLeftovers(options.indexPath);
    if (removed.length > 0) log.warn({ files: removed }, 'removed leftovers of an interrupted index write');
    log.info({ run: 'start', stage: 'opening', contentDirs: options.contentDirs }, 'index progress');
    try {
      const result = await execute({ kind: 'open', contentDirs: options.contentDirs, indexPath: options.indexPath }, 'start');
      if (!result.index) throw new Error(result.problems.map((p) => `${p.file}: ${p.reason}`).join('; ') || 'no index');
      // A reindex may have finished first (it cannot start before: it needs a serving index); never go back.
      serving ??= result.index;
      const ms = Math.round(performance.now() - started);
      log.info({ run: 'start', stage: 'swapped', built: result.built ?? false, documents: serving.documents.length, passages: serving.passages.length, ms }, 'index progress');
      return { ok: true, built: result.built ?? false, problems: result.problems, ms };
    } catch (err) {
      return { ok: false, built: false, problems: [{ file: options.contentDirs.join(', '), reason: (err as Error).message }], ms: Math.round(performance.now() - started) };
    }
  };

  return {
    adopt(index) {
      if (inflight) return false;
      serving = index;
      return true;
    },
    current: () => {
      if (!serving) throw new IndexNotReadyError();
      return serving;
    },
    ready: () => serving !== undefined,
    open: () => (opening ??= open()),
    running: () => inflight !== undefined,
    reindex(req) {
      if (inflight) {
        audit({ at: now().toISOString(), who: req.who, surface: req.surface, result: 'joined' });
        return inflight.then((r) => ({ ...r, coalesced: true }));
      }
      const promise = (options.distribution ? runDistributed(options.distribution, req) : run(req)).finally(() => {
        inflight = undefined;
      });
      inflight = promise;
      return promise;
    },
    refused(req) {
      audit({ at: now().toISOString(), who: req.who, surface: req.surface, result: 'refused', detail: req.detail });
    },
    health: () => ({
      ...(serving
        ? { indexVersion: serving.version, builtAt: serving.builtAt, documents: serving.documents.length, passages: serving.passages.length }
        : {}),
      reindexing: inflight !== undefined,
    }),
  };
}
