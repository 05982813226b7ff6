/**
 * Live refresh: a file source may name a live URL per file (`remote` in sources.json). Before a reindex
 * each URL is downloaded (timeout, size limit, conditional request) and, when the download is a valid
 * page, it replaces the shipped file's text for that build. Any failure keeps the last good copy (or
 * the shipped file) and becomes a warning: a bad download never breaks the index.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Logger } from './logger';
import type { ReindexReport } from './types';
import { parsePage } from './parsePage';
import { parseSourcesManifest, type FileSource } from './sources';
import type { Lang, LoadProblem } from './types';

/** How live copies are fetched. */
export interface RemoteOptions {
  /** When false nothing is fetched and the shipped files are used. */
  enabled: boolean;
  /** Folder for the last good copy of each URL and `remote-cache.json` (ETag / Last-Modified). */
  cacheDir: string;
  /** Whole-request limit (headers and body), in milliseconds. */
  timeoutMs: number;
  /** Largest accepted body; a bigger download is aborted while streaming. */
  maxBytes: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Outcome of {@link refreshRemote}. */
export interface RemoteRefresh {
  /** Replacement text per absolute path of a shipped file (fresh download or last good copy). */
  overrides: Record<string, string>;
  /** One entry per URL that could not be used fresh; the file named is the shipped file. */
  warnings: LoadProblem[];
  /** URLs downloaded fresh (200 and valid). */
  fetched: number;
  /** URLs the server reported unchanged (304). */
  notModified: number;
}

/** Cache bookkeeping per URL, kept in `remote-cache.json`. */
interface CacheEntry {
  etag?: string;
  lastModified?: string;
  /** Name of the body file inside the cache folder. */
  file: string;
  fetchedAt: string;
}

const META_FILE = 'remote-cache.json';
const PARALLEL = 4;

function readMeta(cacheDir: string): Record<string, CacheEntry> {
  try {
    const data = JSON.parse(readFileSync(join(cacheDir, META_FILE), 'utf8')) as unknown;
    return typeof data === 'object' && data !== null ? (data as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}

/** Writes via a temporary file and rename, so a crash never leaves a half-written cache file. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Languages a page's text yields passages in (empty when it cannot be parsed). */
function pageLangs(text: string, lang: Lang | undefined): Lang[] {
  try {
    return parsePage(text, lang, () => undefined).sides.filter((s) => s.passages.length > 0).map((s) => s.lang);
  } catch {
    return [];
  }
}

/**
 * Decodes and checks a download: UTF-8 text without NUL bytes that parses as a page with at least one
 * passage in every language the shipped file has. Returns the text or throws with the reason.
 */
export function validateDownload(body: Buffer, lang: Lang | undefined, requiredLangs: Lang[]): string {
  if (body.includes(0)) throw new Error('download is binary (contains NUL bytes), not markdown');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new Error('download is not UTF-8 text');
  }
  let langs: Lang[];
  try {
    langs = parsePage(text, lang, () => undefined).sides.filter((s) => s.passages.length > 0).map((s) => s.lang);
  } catch (err) {
    throw new Error(`download is not a page: ${(err as Error).message}`, { cause: err });
  }
  if (langs.length === 0) throw new Error('download is not a page: no passages found');
  const missing = requiredLangs.filter((l) => !langs.includes(l));
  if (missing.length > 0) throw new Error(`download has no ${missing.join('/')} text, the shipped file has`);
  return text;
}

/** Streams a response body, aborting once it passes `maxBytes`. */
async function readLimited(res: Response, maxBytes: number, abort: AbortController): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    abort.abort();
    throw new Error(`download is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      abort.abort();
      throw new Error(`download passed the ${maxBytes}-byte limit`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** What happened to one URL. */
type FetchOutcome = { kind: 'fresh'; text: string; etag?: string; lastModified?: string } | { kind: 'not-modified' };

async function fetchOne(url: string, cached: CacheEntry | undefined, options: RemoteOptions, check: (body: Buffer) => string): Promise<FetchOutcome> {
  const doFetch = options.fetch ?? fetch;
  const abort = new AbortController();
  // One timer for the whole exchange: a server that sends headers and then stalls is cut off too.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, options.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const res = await doFetch(url, { headers, signal: abort.signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      if (!cached) throw new Error('server answered 304 but there is no cached copy');
      return { kind: 'not-modified' };
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new Error(`HTTP ${res.status}`);
    }
    const text = check(await readLimited(res, options.maxBytes, abort));
    return { kind: 'fresh', text, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
  } catch (err) {
    if (timedOut) throw new Error(`no complete answer within ${options.timeoutMs} ms`, { cause: err });
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause.
    const cause = (err as Error & { cause?: Error }).cause;
    throw new Error(cause ? `${(err as Error).message} (${cause.message})` : (err as Error).message, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/** One shipped file with a live URL. */
interface Job {
  abs: string;
  shown: string;
  url: string;
  lang?: Lang;
}

function jobsOf(contentDirs: string[], warnings: LoadProblem[]): Job[] {
  const jobs: Job[] = [];
  for (const dir of contentDirs) {
    let sources: FileSource[];
    try {
      const manifest = parseSourcesManifest(readFileSync(join(dir, 'sources.json'), 'utf8'));
      sources = manifest.sources.filter((s): s is FileSource => s.kind === 'file');
    } catch {
      continue; // The loader reports a bad manifest; live refresh has nothing to add.
    }
    for (const source of sources) {
      for (const [path, url] of Object.entries(source.remote ?? {})) {
        const file = source.files.find((f) => f.path === path);
        const abs = resolve(dir, path);
        const shown = relative(process.cwd(), abs) || abs;
        if (!file) warnings.push({ file: shown, reason: `remote URL ${url} names a file that is not part of source "${source.id}"` });
        else jobs.push({ abs, shown, url, lang: file.lang });
      }
    }
  }
  return jobs;
}

/**
 * Downloads the live copy of every file that has one and returns the texts to use instead of the shipped
 * files. Never throws for a network or content problem: those become warnings and the last good copy
 * (or, without one, the shipped file) is used.
 */
export async function refreshRemote(contentDirs: string[], options: RemoteOptions, now: () => Date = () => new Date()): Promise<RemoteRefresh> {
  const result: RemoteRefresh = { overrides: {}, warnings: [], fetched: 0, notModified: 0 };
  if (!options.enabled) return result;
  const jobs = jobsOf(contentDirs, result.warnings);
  if (jobs.length === 0) return result;
  mkdirSync(options.cacheDir, { recursive: true });
  const meta = readMeta(options.cacheDir);

  /** The cached copy of a URL, if it is still on disk and still a valid replacement for the shipped file. */
  const lastGood = (job: Job, shippedLangs: Lang[]): string | undefined => {
    const entry = meta[job.url];
    const path = entry && join(options.cacheDir, entry.file);
    if (!path || !existsSync(path)) return undefined;
    try {
      // Re-checked each time: a newer shipped file may have gained a language the old copy lacks.
      return validateDownload(readFileSync(path), job.lang, shippedLangs);
    } catch {
      return undefined;
    }
  };

  const run = async (job: Job) => {
    let shippedLangs: Lang[] = [];
    try {
      shippedLangs = pageLangs(readFileSync(job.abs, 'utf8'), job.lang);
    } catch {
      // A missing shipped file: the download only has to be a page.
    }
    const copy = lastGood(job, shippedLangs);
    const useCopy = (why: string) => {
      if (copy !== undefined) result.overrides[job.abs] = copy;
      const using = copy !== undefined ? `using the copy fetched ${meta[job.url]?.fetchedAt}` : 'using the shipped file';
      result.warnings.push({ file: job.shown, reason: `live copy ${job.url} not used (${why}); ${using}` });
    };
    try {
      // Conditional headers only when the copy they describe is on disk and usable.
      const outcome = await fetchOne(job.url, copy !== undefined ? meta[job.url] : undefined, options, (body) => validateDownload(body, job.lang, shippedLangs));
      if (outcome.kind === 'not-modified') {
        result.overrides[job.abs] = copy as string;
        result.notModified++;
        return;
      }
      const file = `${createHash('sha256').update(job.url).digest('hex').slice(0, 32)}.md`;
      try {
        writeAtomic(join(options.cacheDir, file), outcome.text);
        meta[job.url] = { etag: outcome.etag, lastModified: outcome.lastModified, file, fetchedAt: now().toISOString() };
      } catch (err) {
        // Still used for this build; the next one simply downloads it again.
        result.warnings.push({ file: job.shown, reason: `live copy ${job.url} used but not cached: ${(err as Error).message}` });
      }
      result.overrides[job.abs] = outcome.text;
      result.fetched++;
    } catch (err) {
      useCopy((err as Error).message);
    }
  };

  // A small pool: a handful of pages, no need to hammer the docs site.
  const queue = [...jobs];
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await run(job);
  }));
  try {
    writeAtomic(join(options.cacheDir, META_FILE), JSON.stringify(meta, null, 1));
  } catch (err) {
    result.warnings.push({ file: join(options.cacheDir, META_FILE), reason: `cache bookkeeping not saved: ${(err as Error).message}` });
  }
  return result;
}

/** What {@link startSchedule} needs of the reindex service. */
export interface Reindexable {
  reindex(req: { who: string; surface: 'cli' }): Promise<ReindexReport>;
  running(): boolean;
}

/**
 * Reindexes every `intervalMs` (live copies are refreshed as part of each run). Skips a tick while a
 * run is under way. The timer is unref'd so it never keeps the process alive. Returns a stop function.
 */
export function startSchedule(service: Reindexable, intervalMs: number, log: Logger): () => void {
  if (!(intervalMs > 0)) throw new Error('schedule interval must be a positive number of milliseconds');
  const timer = setInterval(() => {
    if (service.running()) {
      log.info({}, 'scheduled reindex skipped: a reindex is already running');
      return;
    }
    service
      .reindex({ who: 'schedule', surface: 'cli' })
      .then((r) => log.info({ ok: r.ok, version: r.version, documents: r.documents, changed: r.changed.length, problems: r.problems.length }, 'scheduled reindex finished'))
      .catch((err: Error) => log.error({ err: err.message }, 'scheduled reindex failed'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
