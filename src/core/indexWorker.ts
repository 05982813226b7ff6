/**
 * The heavy half of getting an index: reading a persisted one or loading content and building, in a
 * worker thread so the server keeps answering (and `/readyz` keeps saying "not yet") meanwhile.
 * The index crosses back as JSON pieces, parsed one per tick on the main thread, with its typo index
 * (built here); the main thread then builds the rest of its query structures, one per tick, before the
 * index is handed over to be served.
 *
 * This file is also the worker's entry point (see the bottom).
 */
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fingerprintContentDetailed, openIndex, saveIndex, type IndexProgress } from './indexStore';
import { loadCorpus } from './loadCorpus';
import { buildIndex, deserializeIndexInSteps, serializeIndex, type SearchIndex, type SerializedIndex } from './searchIndex';
import { prepareIndex, type PrepareOptions } from './query/prepareIndex';
import { resourcesOf } from './query/resources';
import { packTypoIndex, unpackTypoIndex, type PackedTypoIndex } from './query/typos';
import type { LoadProblem } from './types';

/** A reindex: build from content (with live overrides) and save to a staging file. */
export interface BuildJob {
  kind: 'build';
  contentDirs: string[];
  /** Text to use instead of a shipped file, by absolute path (live copies). */
  overrides: Record<string, string>;
  builtAt: string;
  /** The index is saved here; the main thread renames it over the served path once it is accepted. */
  stagingPath: string;
}

/** The start: use the persisted index when it is intact and current, else build and persist (see `openIndex`). */
export interface OpenJob {
  kind: 'open';
  contentDirs: string[];
  indexPath: string;
}

export type IndexJob = BuildJob | OpenJob;

/** A page's identity and content hash: enough to report what a build changes. */
export type DocRef = { id: string; hash: string };

/** What a job produced; a build with problems ships only its page list (it is rejected anyway). */
export interface JobResult {
  index?: SearchIndex;
  /** Absent when the job itself crashed (nothing to compare). */
  documents?: DocRef[];
  problems: LoadProblem[];
  /** Why the staging copy could not be written (the index may still serve). */
  saveError?: string;
  /** Open jobs: whether the index was built rather than read. */
  built?: boolean;
  /** The worker's JSON pieces of `index`: published as they are, so the main thread does not serialise again. */
  parts?: [string, string][];
}

/** Yields to the event loop between two of an index's query structures. */
const prepareOptions = (typos?: PackedTypoIndex): PrepareOptions => ({ typos: typos && unpackTypoIndex(typos), pause: tick });

type WorkerMessage =
  | { progress: IndexProgress }
  | { problems: LoadProblem[]; documents: DocRef[]; parts?: [string, string][]; typos?: PackedTypoIndex; saveError?: string; built?: boolean }
  | { error: string };

/** Runs a job in this thread (blocking); `ok` false means "do not serve the index". */
export function runJob(job: IndexJob, report: (p: IndexProgress) => void): { index: SearchIndex; problems: LoadProblem[]; ok: boolean; saveError?: string; built?: boolean } {
  if (job.kind === 'open') {
    const opened = openIndex(job.contentDirs, job.indexPath, {}, report);
    return { index: opened.index, problems: opened.problems, ok: true, built: opened.built };
  }
  // Fingerprint before reading: a file changed mid-build then makes the next start rebuild, never reuse stale data.
  const { fingerprint, files } = fingerprintContentDetailed(job.contentDirs);
  let t = performance.now();
  report({ stage: 'loading', files });
  const corpus = loadCorpus(job.contentDirs, { override: (abs) => job.overrides[abs] });
  report({ stage: 'indexing', documents: corpus.documents.length, ms: Math.round(performance.now() - t) });
  t = performance.now();
  const index = buildIndex(corpus, () => new Date(job.builtAt));
  const ok = corpus.problems.length === 0;
  let saveError: string | undefined;
  if (ok) {
    report({ stage: 'persisting', documents: index.documents.length, passages: index.passages.length, ms: Math.round(performance.now() - t) });
    t = performance.now();
    try {
      saveIndex(index, job.stagingPath, fingerprint);
    } catch (err) {
      saveError = (err as Error).message; // A full disk must not block a good index from serving.
    }
    report({ stage: 'persisted', ms: Math.round(performance.now() - t) });
  }
  return { index, problems: corpus.problems, ok, saveError };
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

/** Yields to the event loop (one turn of I/O). */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  return deserializeIndexInSteps(root, tick);
}

/** Runs a job in a worker thread; the worker file is this module, with the extension it runs under (.ts via tsx in tests). */
export function runJobInWorker(job: IndexJob, report: (p: IndexProgress) => void): Promise<JobResult> {
  const execArgv = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : undefined;
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { privacyBotIndexJob: job }, execArgv });
    let settled = false;
    worker.on('message', (msg: WorkerMessage) => {
      if ('progress' in msg) return report(msg.progress);
      settled = true;
      if ('error' in msg) return reject(new Error(msg.error));
      const { parts, typos, ...rest } = msg;
      if (!parts) return resolve(rest);
      // The index is prepared for questions (its typo index came from the worker) before anyone gets it.
      joinSerialized(parts)
        .then(async (index) => {
          await prepareIndex(index, prepareOptions(typos));
          resolve({ index, parts, ...rest });
        })
        .catch(reject);
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`index worker exited with code ${code}`));
      settled = true;
    });
  });
}

// Worker entry: runs only inside a worker started by runJobInWorker.
const workerJob = !isMainThread ? (workerData as { privacyBotIndexJob?: IndexJob } | null)?.privacyBotIndexJob : undefined;
if (workerJob && parentPort) {
  const port = parentPort;
  let message: WorkerMessage;
  try {
    const { index, problems, ok, saveError, built } = runJob(workerJob, (progress) => port.postMessage({ progress }));
    const documents = index.documents.map((d) => ({ id: d.id, hash: d.hash }));
    // The largest per-index structure of the question path is built here, off the main thread's event loop.
    const typos = ok ? packTypoIndex(resourcesOf(index).typos) : undefined;
    message = { problems, documents, saveError, built, parts: ok ? splitSerialized(serializeIndex(index)) : undefined, typos };
  } catch (err) {
    message = { error: (err as Error).message };
  }
  const transfer = 'typos' in message && message.typos ? [message.typos.freq.buffer as ArrayBuffer, message.typos.keys.buffer as ArrayBuffer] : [];
  port.postMessage(message, transfer);
}
