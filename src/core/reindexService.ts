/**
 * The admin reindex: builds a new index from the content sources in the background (a worker thread),
 * validates it, swaps it in atomically and persists it. The serving index keeps answering throughout
 * and stays when the new one is rejected. Concurrent requests share one run.
 *
 * This file is also the worker's entry point (see the bottom): the worker loads and builds, the main
 * thread validates and swaps, so a multi-second build never blocks answering.
 */
import { existsSync, renameSync, unlinkSync } from 'node:fs';
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ReindexReport, Surface } from './types';
import type { IndexDistribution } from './indexDistribution';
import { silentLogger, type Logger } from './logger';
import { fingerprintContent, saveIndex } from './indexStore';
import { loadCorpus } from './loadCorpus';
import { refreshRemote, type RemoteOptions } from './remoteSources';
import { buildIndex, deserializeIndex, serializeIndex, type SearchIndex, type SerializedIndex } from './searchIndex';
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
  /** The index serving at start. */
  initial: SearchIndex;
  /** Live refresh of files that name a remote URL; off when absent. */
  remote?: RemoteOptions;
  audit: (entry: AuditEntry) => void;
  now?: () => Date;
  /** Build in a worker thread (default). False builds in-process, blocking the event loop meanwhile. */
  worker?: boolean;
  /**
   * Several replicas: a reindex builds under the fleet-wide lock and publishes the accepted index; a
   * reindex asked while another replica builds waits for that one and takes its result. Absent: one process.
   */
  distribution?: IndexDistribution;
  /** Longest wait for another replica's build, in ms (default 10 minutes). */
  distributedWaitMs?: number;
  log?: Logger;
}

/** A reindex report plus the non-fatal warnings (live copies that could not be used, persistence). */
export interface ServiceReport extends ReindexReport {
  warnings: LoadProblem[];
}

/** What `/healthz` shows about the index. */
export interface IndexHealth {
  indexVersion: string;
  builtAt: string;
  documents: number;
  passages: number;
  reindexing: boolean;
}

/** The reindex service. */
export interface ReindexService {
  /** The index serving now; changes only when a reindex succeeds. */
  current(): SearchIndex;
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

/** What the build step gets (structured-cloneable: it crosses into the worker). */
interface BuildJob {
  contentDirs: string[];
  /** Text to use instead of a shipped file, by absolute path (live copies). */
  overrides: Record<string, string>;
  builtAt: string;
  /** The index is saved here; the main thread renames it over `indexPath` once it is accepted. */
  stagingPath: string;
}

/** A page's identity and content hash: enough to report what a build changes. */
type DocRef = { id: string; hash: string };

/** What a build produced; a build with problems ships only its page list (it is rejected anyway). */
interface Built {
  index?: SearchIndex;
  /** Absent when the build itself crashed (nothing to compare). */
  documents?: DocRef[];
  problems: LoadProblem[];
  /** Why the staging copy could not be written (the index may still serve). */
  saveError?: string;
  /** The worker's JSON pieces of `index`: published as they are, so the main thread does not serialise again. */
  parts?: [string, string][];
}

/**
 * The worker's answer: the index as JSON pieces (parsed one per tick on the main thread), or an error.
 * `parts` is absent when the build has problems.
 */
type BuildMessage = { problems: LoadProblem[]; documents: DocRef[]; parts?: [string, string][]; saveError?: string } | { error: string };

/** Load + build + save to staging. Runs in the worker (or in-process when workers are off). */
function buildCandidate(job: BuildJob): { index: SearchIndex; problems: LoadProblem[]; saveError?: string } {
  // Fingerprint before reading: a file changed mid-build then makes the next start rebuild, never reuse stale data.
  const fingerprint = fingerprintContent(job.contentDirs);
  const corpus = loadCorpus(job.contentDirs, { override: (abs) => job.overrides[abs] });
  const index = buildIndex(corpus, () => new Date(job.builtAt));
  let saveError: string | undefined;
  try {
    if (corpus.problems.length === 0) saveIndex(index, job.stagingPath, fingerprint);
  } catch (err) {
    saveError = (err as Error).message; // A full disk must not block a good index from serving.
  }
  return { index, problems: corpus.problems, saveError };
}

/** Entries per JSON piece: small enough that parsing one piece takes a few milliseconds. */
const CHUNK = 5000;

/**
 * Splits a serialised index into JSON pieces `[path, json]` so that no single JSON.parse on the main thread
 * is long: every large array (passages, lunr's inverted index and vectors, df, words) goes in chunks, and a
 * path ending in `[]` appends to the array at that path.
 */
export function splitSerialized(s: SerializedIndex): [string, string][] {
  const { passages, langs, ...head } = s;
  const parts: [string, string][] = [['', JSON.stringify(head)], ['langs', '{}']];
  const array = (path: string, items: unknown[]) => {
    parts.push([path, '[]']);
    for (let i = 0; i < items.length; i += CHUNK) parts.push([`${path}[]`, JSON.stringify(items.slice(i, i + CHUNK))]);
  };
  // Passages are columns: the array columns go in chunks, the one-character-per-passage strings whole.
  const { docs, strings, doc, anchor, ordinal, heading, text, ...flags } = passages;
  parts.push(['passages', JSON.stringify(flags)]);
  for (const [name, column] of Object.entries({ docs, strings, doc, anchor, ordinal, heading, text })) array(`passages.${name}`, column);
  for (const [lang, l] of Object.entries(langs)) {
    if (!l) continue;
    const { fieldVectors, invertedIndex, ...lunrHead } = l.lunr;
    parts.push([`langs.${lang}`, '{}'], [`langs.${lang}.lunr`, JSON.stringify(lunrHead)]);
    array(`langs.${lang}.lunr.fieldVectors`, fieldVectors);
    array(`langs.${lang}.lunr.invertedIndex`, invertedIndex);
    array(`langs.${lang}.df`, l.df);
    array(`langs.${lang}.words`, l.words);
  }
  return parts;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reassembles the pieces, yielding to the event loop between them so answers keep flowing. */
export async function joinSerialized(parts: [string, string][]): Promise<SearchIndex> {
  const root: Record<string, unknown> = {};
  for (const [path, json] of parts) {
    await tick();
    const value: unknown = JSON.parse(json);
    if (path === '') {
      Object.assign(root, value);
      continue;
    }
    const keys = path.replace(/\[\]$/, '').split('.');
    const last = keys.pop() as string;
    let target = root;
    for (const k of keys) target = target[k] as Record<string, unknown>;
    if (path.endsWith('[]')) (target[last] as unknown[]).push(...(value as unknown[]));
    else target[last] = value;
  }
  await tick();
  return deserializeIndex(root);
}

/** The worker file is this module, with the extension it runs under (.ts via tsx in tests, .js when built). */
function buildInWorker(job: BuildJob): Promise<Built> {
  const execArgv = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : undefined;
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { privacyBotReindex: job }, execArgv });
    let settled = false;
    worker.once('message', (msg: BuildMessage) => {
      settled = true;
      if ('error' in msg) return reject(new Error(msg.error));
      const { parts, ...rest } = msg;
      if (!parts) return resolve(rest);
      joinSerialized(parts).then((index) => resolve({ index, parts, ...rest }), reject);
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`build worker exited with code ${code}`));
      settled = true;
    });
  });
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
  let serving = options.initial;
  let inflight: Promise<ServiceReport> | undefined;
  const log = options.log ?? silentLogger;

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
    const job: BuildJob = { contentDirs: options.contentDirs, overrides: {}, builtAt: at, stagingPath: `${options.indexPath}.next` };
    if (options.remote?.enabled) {
      try {
        const refreshed = await refreshRemote(options.contentDirs, options.remote, now);
        job.overrides = refreshed.overrides;
        warnings.push(...refreshed.warnings);
      } catch (err) {
        warnings.push({ file: options.remote.cacheDir, reason: `live refresh skipped: ${(err as Error).message}` });
      }
    }

    let built: Built;
    try {
      if (useWorker) built = await buildInWorker(job);
      else {
        await tick(); // Let the caller see running() before the blocking build starts.
        const { index, problems, saveError } = buildCandidate(job);
        built = { index: problems.length === 0 ? index : undefined, documents: index.documents, problems, saveError };
      }
    } catch (err) {
      built = { problems: [{ file: options.contentDirs.join(', '), reason: `build failed: ${(err as Error).message}` }] };
    }
    const candidate = built.problems.length === 0 ? built.index : undefined;
    const problems = candidate ? validate(candidate, previous) : built.problems;
    const ok = candidate !== undefined && problems.length === 0;
    if (ok && candidate) {
      serving = candidate; // The swap: one assignment, so every answer sees the old index or the new one.
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

    const result = serving;
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
    const warnings: LoadProblem[] = [];
    try {
      if (!(await distribution.waitUnlocked(options.distributedWaitMs ?? 600_000))) throw new Error('the other build did not finish in time');
      const published = await distribution.current();
      if (published && published.version !== serving.version) serving = await distribution.load(published);
    } catch (err) {
      warnings.push({ file: '(shared index store)', reason: `could not take the other replica's index: ${(err as Error).message}` });
    }
    return {
      ok: warnings.length === 0,
      version: serving.version,
      documents: serving.documents.length,
      passages: passageCounts(serving),
      ...diffIndexes(previous.documents, serving.documents),
      durationMs: Math.round(performance.now() - started),
      problems: [],
      coalesced: true,
      warnings,
    };
  };

  return {
    adopt(index) {
      if (inflight) return false;
      serving = index;
      return true;
    },
    current: () => serving,
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
      indexVersion: serving.version,
      builtAt: serving.builtAt,
      documents: serving.documents.length,
      passages: serving.passages.length,
      reindexing: inflight !== undefined,
    }),
  };
}

// Worker entry: runs only inside the build worker started by buildInWorker.
const workerJob = !isMainThread ? (workerData as { privacyBotReindex?: BuildJob } | null)?.privacyBotReindex : undefined;
if (workerJob && parentPort) {
  let message: BuildMessage;
  try {
    const { index, problems, saveError } = buildCandidate(workerJob);
    const documents = index.documents.map((d) => ({ id: d.id, hash: d.hash }));
    message = { problems, documents, saveError, parts: problems.length > 0 ? undefined : splitSerialized(serializeIndex(index)) };
  } catch (err) {
    message = { error: (err as Error).message };
  }
  parentPort.postMessage(message);
}
