/**
 * Persisting the index: a restart loads `data/index.json` instead of rebuilding, as long as the
 * content (every file's bytes, the manifests and glossaries) and the index format are unchanged.
 *
 * The file carries its own checksum (sha256 of the serialised index) and its shape is checked on load,
 * so a file that was damaged after it was written is rebuilt, never served.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadCorpus, type LoadOptions } from './loadCorpus';
import { buildIndex, deserializeIndex, INDEX_FORMAT, serializeIndex, type SearchIndex, type SerializedIndex } from './searchIndex';
import type { LoadProblem } from './types';

/** A content fingerprint, and the files that could not be read while computing it. */
export interface Fingerprint {
  fingerprint: string;
  unreadable: LoadProblem[];
  /** Files hashed (for the progress log). */
  files: number;
}

/** One step of opening or building an index, for the progress log (counts and milliseconds). */
export interface IndexProgress {
  stage: 'loading' | 'indexing' | 'persisting' | 'persisted' | 'reading persisted' | 'read persisted';
  files?: number;
  documents?: number;
  passages?: number;
  /** Duration of the step that just finished. */
  ms?: number;
}

/**
 * Hash of every byte the index is built from, cheap enough to check at each start (no parsing). A file
 * that cannot be read counts as its error code, so the fingerprint differs and the problem is listed.
 */
export function fingerprintContentDetailed(contentDirs: string[]): Fingerprint {
  const h = createHash('sha256').update(`format:${INDEX_FORMAT}\0`);
  const unreadable: LoadProblem[] = [];
  let files = 0;
  const visit = (path: string) => {
    try {
      const st = statSync(path);
      if (st.isDirectory()) {
        for (const name of readdirSync(path).sort()) visit(join(path, name));
      } else if (st.isFile()) {
        h.update(path).update('\0').update(readFileSync(path)).update('\0');
        files++;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      h.update(path).update(`\0unreadable:${code}\0`);
      unreadable.push({ file: path, reason: `cannot be read (${code})` });
    }
  };
  for (const dir of contentDirs) {
    const abs = resolve(dir);
    if (!existsSync(abs)) continue;
    visit(abs);
    // A tree source lives outside its content folder: include it through the manifest's roots.
    try {
      const manifest = JSON.parse(readFileSync(join(abs, 'sources.json'), 'utf8')) as { sources?: { tree?: string }[] };
      for (const s of manifest.sources ?? []) if (typeof s.tree === 'string' && existsSync(resolve(abs, s.tree))) visit(resolve(abs, s.tree));
    } catch {
      // An unreadable manifest is reported by the loader; the fingerprint simply differs.
    }
  }
  return { fingerprint: h.digest('hex'), unreadable, files };
}

/** The fingerprint alone (see {@link fingerprintContentDetailed}). */
export function fingerprintContent(contentDirs: string[]): string {
  return fingerprintContentDetailed(contentDirs).fingerprint;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The file starts with this header, then the serialised index, then `}`: the checksum covers exactly that payload. */
const HEADER = /^\{"fingerprint":"([^"\\]*)","checksum":"([0-9a-f]{64})","index":/;

/** Writes the index atomically (temporary file + rename), so a crash never leaves half a file. */
export function saveIndex(index: SearchIndex, path: string, fingerprint: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const payload = JSON.stringify(serializeIndex(index));
  try {
    writeFileSync(tmp, `{"fingerprint":${JSON.stringify(fingerprint)},"checksum":"${sha256(payload)}","index":${payload}}`);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or the folder is read-only: nothing to clean.
    }
    throw err;
  }
}

const isInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/**
 * Shape checks a serialised index must pass beyond its checksum: the passage columns line up, every
 * reference points inside its table, and every language index is present and non-empty. Returns a
 * problem, or `undefined` when the index is usable.
 */
export function checkSerializedIndex(data: unknown): string | undefined {
  const s = data as SerializedIndex;
  if (typeof s !== 'object' || s === null || s.format !== INDEX_FORMAT) return `not a privacy-bot index of format ${INDEX_FORMAT}`;
  if (!Array.isArray(s.documents) || s.documents.length === 0 || !s.documents.every((d) => typeof d?.id === 'string')) return 'no documents';
  const p = s.passages;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.text) || p.text.length === 0) return 'no passages';
  const n = p.text.length;
  for (const column of ['doc', 'anchor', 'ordinal', 'heading'] as const) {
    if (!Array.isArray(p[column]) || p[column].length !== n || !p[column].every(isInt)) return `passage column ${column} is damaged`;
  }
  if (typeof p.lang !== 'string' || p.lang.length !== n || typeof p.aligned !== 'string' || p.aligned.length !== n) return 'passage flags are damaged';
  if (!Array.isArray(p.docs) || !Array.isArray(p.strings) || !p.text.every((t) => typeof t === 'string')) return 'passage tables are damaged';
  if (p.doc.some((d) => d >= p.docs.length) || p.anchor.some((i) => i >= p.strings.length) || p.heading.some((i) => i >= p.strings.length)) {
    return 'a passage points outside its table';
  }
  const langs = Object.entries(s.langs ?? {});
  if (langs.length === 0) return 'no language index';
  for (const [lang, l] of langs) {
    if (!l || !l.lunr || !Array.isArray(l.lunr.invertedIndex) || !Array.isArray(l.lunr.fieldVectors) || !Array.isArray(l.df) || !Array.isArray(l.words)) {
      return `the ${lang} index is damaged`;
    }
    const count = [...p.lang].filter((c) => (c === 'n' ? 'nl' : 'en') === lang).length;
    if (count === 0 || l.lunr.invertedIndex.length === 0) return `the ${lang} index is empty`;
  }
  return undefined;
}

/** What {@link readIndexChecked} found. */
export type PersistedIndex =
  | { status: 'missing' }
  | { status: 'damaged'; reason: string }
  /** Intact, but written by a version with another index format (an upgrade): rebuilt, nothing is wrong. */
  | { status: 'outdated'; format: unknown }
  | { status: 'ok'; index: SearchIndex; fingerprint: string };

/** Reads and verifies a persisted index (checksum, shape, deserialisation). Never throws. */
export function readIndexChecked(path: string): PersistedIndex {
  let text: string;
  try {
    if (!statSync(path).isFile()) return { status: 'damaged', reason: 'it is not a file' };
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { status: 'missing' } : { status: 'damaged', reason: `cannot be read (${code ?? (err as Error).message})` };
  }
  const head = HEADER.exec(text);
  if (!head || !text.endsWith('}')) return { status: 'damaged', reason: 'no checksum header (written by an older version, or cut short)' };
  const payload = text.slice(head[0].length, -1);
  if (sha256(payload) !== head[2]) return { status: 'damaged', reason: 'checksum mismatch' };
  try {
    const data: unknown = JSON.parse(payload);
    const format = (data as { format?: unknown } | null)?.format;
    if (typeof format === 'number' && format !== INDEX_FORMAT) return { status: 'outdated', format };
    const problem = checkSerializedIndex(data);
    if (problem) return { status: 'damaged', reason: problem };
    return { status: 'ok', index: deserializeIndex(data), fingerprint: head[1] };
  } catch (err) {
    return { status: 'damaged', reason: (err as Error).message };
  }
}

/** Reads a persisted index if it exists, is intact and was built from `fingerprint` (any, when absent). */
export function readIndex(path: string, fingerprint?: string): SearchIndex | undefined {
  const found = readIndexChecked(path);
  if (found.status !== 'ok') return undefined;
  return fingerprint === undefined || found.fingerprint === fingerprint ? found.index : undefined;
}

/**
 * Removes what a killed writer leaves beside the index: the reindex staging file (`index.json.next`)
 * and temporary files (`index.json.<pid>.tmp`, `index.json.next.<pid>.tmp`). Returns the removed names.
 */
export function removeLeftovers(indexPath: string): string[] {
  const dir = dirname(indexPath);
  const base = basename(indexPath);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (name !== `${base}.next` && !(name.startsWith(`${base}.`) && name.endsWith('.tmp'))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Read-only folder: the leftovers are never read, so they only cost disk.
    }
  }
  return removed;
}

/** What {@link openIndex} did. */
export interface OpenedIndex {
  index: SearchIndex;
  /** True when the index was built now (no usable persisted index, or the content changed). */
  built: boolean;
  /** Content problems (unreadable files, bad pages) and why the persisted index was not used or not saved. */
  problems: LoadProblem[];
  /** True when a built index could not be written (it serves from memory). */
  unsaved?: boolean;
  ms: number;
}

/**
 * Loads the persisted index when it is intact and matches the content, else builds and persists it.
 * When some content file cannot be read, an intact persisted index is used as it is (and the files are
 * listed in `problems`): serving the last good index beats refusing to start. A build that cannot be
 * saved (read-only folder) still serves, with a problem saying so. Throws only when no index can be had.
 */
export function openIndex(contentDirs: string[], indexPath: string, options: LoadOptions = {}, report: (p: IndexProgress) => void = () => undefined): OpenedIndex {
  const start = performance.now();
  const { fingerprint, unreadable, files } = fingerprintContentDetailed(contentDirs);
  report({ stage: 'reading persisted', files });
  let t = performance.now();
  const persisted = readIndexChecked(indexPath);
  report({ stage: 'read persisted', ms: Math.round(performance.now() - t) });
  const problems: LoadProblem[] = [...unreadable];
  if (persisted.status === 'ok' && (persisted.fingerprint === fingerprint || unreadable.length > 0)) {
    if (persisted.fingerprint !== fingerprint) problems.push({ file: indexPath, reason: 'content could not be read completely: serving the persisted index as it is' });
    return { index: persisted.index, built: false, problems, ms: performance.now() - start };
  }
  if (persisted.status === 'damaged') problems.push({ file: indexPath, reason: `persisted index is damaged (${persisted.reason}): rebuilt` });
  if (persisted.status === 'outdated') problems.push({ file: indexPath, reason: `persisted index has format ${String(persisted.format)}, this version writes ${INDEX_FORMAT}: rebuilt` });
  report({ stage: 'loading', files });
  t = performance.now();
  const corpus = loadCorpus(contentDirs, options);
  if (corpus.documents.length === 0) throw new Error(`no pages could be loaded from ${contentDirs.join(', ')}`);
  report({ stage: 'indexing', documents: corpus.documents.length, ms: Math.round(performance.now() - t) });
  t = performance.now();
  const index = buildIndex(corpus);
  report({ stage: 'persisting', documents: index.documents.length, passages: index.passages.length, ms: Math.round(performance.now() - t) });
  t = performance.now();
  // The loader reports unreadable files itself: keep one line per file.
  const known = new Set(corpus.problems.map((p) => resolve(p.file)));
  const merged = [...problems.filter((p) => !known.has(resolve(p.file))), ...corpus.problems];
  let unsaved = false;
  try {
    saveIndex(index, indexPath, fingerprint);
  } catch (err) {
    unsaved = true;
    merged.push({ file: indexPath, reason: `index could not be saved, serving it from memory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
  }
  report({ stage: 'persisted', ms: Math.round(performance.now() - t) });
  return { index, built: true, problems: merged, unsaved, ms: performance.now() - start };
}
