/**
 * Reads every content folder's `sources.json` and the files it names into documents with passages.
 * One unreadable or corrupt file becomes a {@link LoadProblem}; it never stops the others.
 */
import { passageId } from './passageId';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseGlossary } from './glossary';
import { loadLexicon, mergeLexicons, type Lexicon } from './lexicon';
import { parsePage, type PageSide } from './parsePage';
import { parseSourcesManifest, type FileSource, type TreeSource } from './sources';
import type { Corpus, GlossaryEntry, Lang, LoadedDocument, LoadProblem, Passage } from './types';

/** Options for {@link loadCorpus}. */
export interface LoadOptions {
  /** Called every few pages of a large tree: (pages done, pages in all). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Returns replacement text for a content file (a downloaded live copy), or undefined to read the file.
   * Keyed by the absolute path of the shipped file.
   */
  override?: (absolutePath: string) => string | undefined;
}

/** Largest content file read; anything bigger is reported, not parsed. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-z]:/i.test(rel);
}

function readText(path: string, override?: LoadOptions['override']): string {
  const replaced = override?.(path);
  if (replaced !== undefined) return replaced;
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) throw new Error(`file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  const buf = readFileSync(path);
  if (buf.includes(0)) throw new Error('file is binary (contains NUL bytes), not markdown');
  return buf.toString('utf8');
}

/** An include resolver that reads only inside `root`: a content file must not pull in arbitrary files. */
function includeResolver(root: string, fileDir: string): (target: string) => string | undefined {
  return (target) => {
    const path = resolve(fileDir, target.split(/[?#]/)[0]);
    if (!within(root, path) || !existsSync(path)) return undefined;
    try {
      return readText(path);
    } catch {
      return undefined;
    }
  };
}

function toPassages(docId: string, side: PageSide): Passage[] {
  return side.passages.map((p) => ({
    id: passageId(docId, p.anchor, p.ordinal),
    docId,
    anchor: p.anchor,
    ordinal: p.ordinal,
    lang: side.lang,
    heading: p.heading,
    text: p.text,
    aligned: side.aligned,
  }));
}

function sha(parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

function loadFileSource(base: string, source: FileSource, options: LoadOptions, problems: LoadProblem[]): LoadedDocument | undefined {
  const passages: Passage[] = [];
  const title: Partial<Record<Lang, string>> = {};
  const raws: string[] = [];
  let failed = false;
  for (const file of source.files) {
    const abs = resolve(base, file.path);
    const shown = relative(process.cwd(), abs) || abs;
    try {
      const raw = readText(abs, options.override);
      raws.push(raw);
      const page = parsePage(raw, file.lang, includeResolver(base, dirname(abs)));
      if (page.sides.length === 0) throw new Error('no text found in a supported language');
      for (const side of page.sides) {
        title[side.lang] ??= side.title;
        passages.push(...toPassages(source.id, side));
      }
    } catch (err) {
      failed = true;
      problems.push({ file: shown, reason: (err as Error).message });
    }
  }
  if (failed) return undefined;
  for (const lang of source.languages) {
    if (!passages.some((p) => p.lang === lang)) {
      problems.push({ file: source.files.map((f) => f.path).join(', '), reason: `page "${source.id}" has no ${lang} text` });
      return undefined;
    }
  }
  return {
    id: source.id,
    title: { ...title, ...source.title },
    url: source.url,
    products: source.products,
    files: source.files.map((f) => f.path),
    hash: sha(raws),
    passages,
  };
}

function listMarkdown(root: string, exclude: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (exclude.some((x) => (x.endsWith('/') ? `${rel}/`.startsWith(x) || rel.includes(`/${x}`) : entry.name === x))) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && entry.name.endsWith('.md')) out.push(rel);
    }
  };
  walk(root);
  return out;
}

function loadTreeSource(base: string, source: TreeSource, options: LoadOptions, problems: LoadProblem[]): LoadedDocument[] {
  const root = resolve(base, source.root);
  if (!existsSync(root)) {
    problems.push({ file: source.root, reason: `tree folder of source "${source.id}" does not exist` });
    return [];
  }
  const files = listMarkdown(root, source.exclude);
  const docs: LoadedDocument[] = [];
  files.forEach((rel, i) => {
    if (i % 50 === 0) options.onProgress?.(i, files.length);
    const path = rel.replace(/\.md$/, '');
    const url = (lang: Lang) => source.url.replace('{locale}', source.locales[lang]).replace('{path}', path);
    const doc = loadFileSource(root, {
      kind: 'file', id: `${source.id}/${path}`, url: { nl: url('nl'), en: url('en') }, products: [], files: [{ path: rel }], languages: [],
    }, options, problems);
    if (doc) docs.push(doc);
  });
  options.onProgress?.(files.length, files.length);
  return docs;
}

/** Reads the manifest and files of every content folder. Throws only when a manifest itself is missing or invalid. */
export function loadCorpus(contentDirs: string[], options: LoadOptions = {}): Corpus {
  const documents: LoadedDocument[] = [];
  const problems: LoadProblem[] = [];
  const glossary: GlossaryEntry[] = [];
  const lexicons: Lexicon[] = [];
  const seenUrls = new Set<string>();
  for (const dir of contentDirs) {
    const manifestPath = join(dir, 'sources.json');
    if (!existsSync(manifestPath)) throw new Error(`no sources.json in content folder ${dir}`);
    let manifest;
    try {
      manifest = parseSourcesManifest(readFileSync(manifestPath, 'utf8'));
    } catch (err) {
      throw new Error(`${manifestPath}: ${(err as Error).message}`, { cause: err });
    }
    if (manifest.glossary) {
      const gpath = resolve(dir, manifest.glossary);
      try {
        glossary.push(...parseGlossary(readFileSync(gpath, 'utf8')));
      } catch (err) {
        problems.push({ file: gpath, reason: (err as Error).message });
      }
    }
    if (manifest.lexicon) {
      const lpath = resolve(dir, manifest.lexicon);
      try {
        lexicons.push(loadLexicon(lpath));
      } catch (err) {
        problems.push({ file: lpath, reason: (err as Error).message });
      }
    }
    for (const source of manifest.sources) {
      const docs = source.kind === 'tree' ? loadTreeSource(dir, source, options, problems) : [loadFileSource(dir, source, options, problems)];
      for (const doc of docs) {
        if (!doc) continue;
        // The same page can arrive twice (a core page inside the large tree): the first folder wins.
        const key = doc.url.en ?? doc.url.nl ?? doc.id;
        if (seenUrls.has(key) || documents.some((d) => d.id === doc.id)) continue;
        seenUrls.add(key);
        documents.push(doc);
      }
    }
  }
  const lexicon = mergeLexicons(lexicons);
  return lexicon ? { documents, problems, glossary, lexicon } : { documents, problems, glossary };
}
