/**
 * The sources manifest (`sources.json` in a content folder): which pages to index, where their files
 * are, their public URLs and product names. Validated here so a bad manifest fails with a clear message.
 */
import type { Lang } from './types';

/** One file of a page. `lang` is needed only for a plain (non side-by-side) file without `ms.contentlocale`. */
export interface SourceFile {
  path: string;
  lang?: Lang;
}

/** A page made of one or more files in the content folder. */
export interface FileSource {
  kind: 'file';
  id: string;
  title?: Partial<Record<Lang, string>>;
  url: Partial<Record<Lang, string>>;
  products: string[];
  files: SourceFile[];
  /** Languages the page must have passages in; a reindex that loses one is rejected. */
  languages: Lang[];
  /** Optional live copy per file path (see the reindex service). */
  remote?: Record<string, string>;
}

/** Every `.md` under a folder, each a page; URL = `url` with `{locale}` and `{path}` (relative path without `.md`). */
export interface TreeSource {
  kind: 'tree';
  id: string;
  /** Folder, relative to the manifest. */
  root: string;
  url: string;
  locales: Record<Lang, string>;
  /** Path prefixes (relative to root) or file names to leave out: include fragments, tables of contents. */
  exclude: string[];
}

export type Source = FileSource | TreeSource;

/** A parsed manifest. */
export interface SourcesManifest {
  sources: Source[];
  /** Glossary file, relative to the manifest. */
  glossary?: string;
  /** Learned lexicon folder (`npm run learn:lexicon`), relative to the manifest. */
  lexicon?: string;
}

const LANG_SET = new Set(['nl', 'en']);

function fail(where: string, what: string): never {
  throw new Error(`sources manifest ${where}: ${what}`);
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, 'must be a non-empty string');
  return value;
}

function langMap(value: unknown, where: string, required: boolean): Partial<Record<Lang, string>> {
  if (value === undefined && !required) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object keyed by "nl"/"en"');
  const out: Partial<Record<Lang, string>> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!LANG_SET.has(k)) fail(`${where}.${k}`, 'language must be "nl" or "en"');
    out[k as Lang] = str(v, `${where}.${k}`);
  }
  if (required && Object.keys(out).length === 0) fail(where, 'needs at least one language');
  return out;
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, 'must be an array of strings');
  return value.map((v, i) => str(v, `${where}[${i}]`));
}

function safeRelative(path: string, where: string): string {
  if (path.startsWith('/') || /^[a-z]:/i.test(path) || path.includes('\0')) fail(where, 'must be a relative path');
  return path;
}

function parseSource(raw: unknown, i: number): Source {
  const where = `sources[${i}]`;
  if (typeof raw !== 'object' || raw === null) fail(where, 'must be an object');
  const r = raw as Record<string, unknown>;
  const id = str(r.id, `${where}.id`);
  if (!/^[\w./-]+$/.test(id)) fail(`${where}.id`, 'may hold only letters, digits, _ . / -');
  if (r.tree !== undefined) {
    const locales = langMap(r.locales ?? { nl: 'nl-nl', en: 'en-us' }, `${where}.locales`, true) as Record<Lang, string>;
    const url = str(r.url, `${where}.url`);
    if (!url.includes('{path}')) fail(`${where}.url`, 'must contain {path}');
    return { kind: 'tree', id, root: safeRelative(str(r.tree, `${where}.tree`), `${where}.tree`), url, locales, exclude: strings(r.exclude, `${where}.exclude`) };
  }
  if (!Array.isArray(r.files) || r.files.length === 0) fail(`${where}.files`, 'must be a non-empty array');
  const files = r.files.map((f: unknown, j: number): SourceFile => {
    const fw = `${where}.files[${j}]`;
    if (typeof f === 'string') return { path: safeRelative(f, fw) };
    if (typeof f !== 'object' || f === null) fail(fw, 'must be a path or { path, lang }');
    const o = f as Record<string, unknown>;
    const lang = o.lang === undefined ? undefined : str(o.lang, `${fw}.lang`);
    if (lang !== undefined && !LANG_SET.has(lang)) fail(`${fw}.lang`, 'must be "nl" or "en"');
    return { path: safeRelative(str(o.path, `${fw}.path`), `${fw}.path`), lang: lang as Lang | undefined };
  });
  const languages = strings(r.languages, `${where}.languages`);
  for (const l of languages) if (!LANG_SET.has(l)) fail(`${where}.languages`, `unknown language "${l}"`);
  let remote: Record<string, string> | undefined;
  if (r.remote !== undefined) {
    if (typeof r.remote !== 'object' || r.remote === null) fail(`${where}.remote`, 'must map file paths to URLs');
    remote = {};
    for (const [k, v] of Object.entries(r.remote)) {
      const u = str(v, `${where}.remote.${k}`);
      if (!/^https?:\/\//.test(u)) fail(`${where}.remote.${k}`, 'must be an http(s) URL');
      remote[k] = u;
    }
  }
  return {
    kind: 'file',
    id,
    title: langMap(r.title, `${where}.title`, false),
    url: langMap(r.url, `${where}.url`, true),
    products: strings(r.products, `${where}.products`),
    files,
    languages: languages as Lang[],
    remote,
  };
}

/** Parses and validates a manifest's JSON text. Throws an Error that names the bad field. */
export function parseSourcesManifest(json: string): SourcesManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    fail('', `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { sources?: unknown }).sources)) {
    fail('', 'must be an object with a "sources" array');
  }
  const r = raw as { sources: unknown[]; glossary?: unknown; lexicon?: unknown };
  const sources = r.sources.map(parseSource);
  const ids = new Set<string>();
  for (const s of sources) {
    if (ids.has(s.id)) fail(`source "${s.id}"`, 'id is used twice');
    ids.add(s.id);
  }
  const glossary = r.glossary === undefined ? undefined : safeRelative(str(r.glossary, 'glossary'), 'glossary');
  const lexicon = r.lexicon === undefined ? undefined : safeRelative(str(r.lexicon, 'lexicon'), 'lexicon');
  return { sources, glossary, lexicon };
}
