/**
 * Persisting the index: a restart loads `data/index.json` instead of rebuilding, as long as the
 * content (every file's bytes, the manifests and glossaries) and the index format are unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCorpus, type LoadOptions } from './loadCorpus';
import { buildIndex, deserializeIndex, INDEX_FORMAT, serializeIndex, type SearchIndex } from './searchIndex';
import type { LoadProblem } from './types';

/** Hash of every byte the index is built from, cheap enough to check at each start (no parsing). */
export function fingerprintContent(contentDirs: string[]): string {
  const h = createHash('sha256').update(`format:${INDEX_FORMAT}\0`);
  const visit = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (st.isFile()) {
      h.update(path).update('\0').update(readFileSync(path)).update('\0');
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
  return h.digest('hex');
}

/** Writes the index atomically (temporary file + rename), so a crash never leaves half a file. */
export function saveIndex(index: SearchIndex, path: string, fingerprint: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ fingerprint, index: serializeIndex(index) }));
  renameSync(tmp, path);
}

/** Reads a persisted index if it exists, is readable and was built from `fingerprint`. */
export function readIndex(path: string, fingerprint?: string): SearchIndex | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { fingerprint?: string; index?: unknown };
    if (fingerprint !== undefined && data.fingerprint !== fingerprint) return undefined;
    return deserializeIndex(data.index);
  } catch {
    return undefined;
  }
}

/** What {@link openIndex} did. */
export interface OpenedIndex {
  index: SearchIndex;
  /** True when the index was built now (no persisted index, or the content changed). */
  built: boolean;
  problems: LoadProblem[];
  ms: number;
}

/** Loads the persisted index when it matches the content, else builds and persists it. */
export function openIndex(contentDirs: string[], indexPath: string, options: LoadOptions = {}): OpenedIndex {
  const start = performance.now();
  const fingerprint = fingerprintContent(contentDirs);
  const persisted = readIndex(indexPath, fingerprint);
  if (persisted) return { index: persisted, built: false, problems: [], ms: performance.now() - start };
  const corpus = loadCorpus(contentDirs, options);
  const index = buildIndex(corpus);
  saveIndex(index, indexPath, fingerprint);
  return { index, built: true, problems: corpus.problems, ms: performance.now() - start };
}
