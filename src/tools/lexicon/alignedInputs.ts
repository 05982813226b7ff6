/**
 * Reads the aligned Dutch/English sentences the lexicon is learned from: every side-by-side (`.sxs`)
 * page a content folder's `sources.json` names, single files and trees alike, read span by span (the
 * finest alignment the files carry). Also says exactly what was read, for the provenance record.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { cleanText, langOfLocale, splitFrontMatter } from '../../core/parsePage';
import { parseSourcesManifest } from '../../core/sources';
import { isSideBySide, sentencePairs } from '../../core/sxs';

/** One aligned sentence: Dutch translation and its English source, as plain text. */
export interface TextPair {
  nl: string;
  en: string;
}

/** What one source of one content folder contributed. */
export interface InputRecord {
  /** Content folder, relative to the learner's root (forward slashes). */
  folder: string;
  source: string;
  /** Files the source names (a tree: every `.md` not excluded). */
  files: number;
  /** Of those, Dutch side-by-side files that gave sentence pairs. */
  sxsFiles: number;
  /** Sentence pairs read (before de-duplication). */
  pairs: number;
  /** sha256 over the relative path and bytes of every file read, in sorted order. */
  sha256: string;
}

/** Markdown and HTML inside a span that is not text: link targets, tags, entities. */
function spanText(raw: string): string {
  return raw
    .replace(/\]\([^)]*\)/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

/** Sentence pairs of one file's text, or none when it is not a Dutch side-by-side page. */
export function pairsOfMarkdown(raw: string): TextPair[] {
  const { frontMatter, body } = splitFrontMatter(cleanText(raw));
  if (langOfLocale(frontMatter.contentLocale) !== 'nl' || !isSideBySide(body)) return [];
  return sentencePairs(body).map((p) => ({ nl: spanText(p.translated), en: spanText(p.source) }));
}

function listMarkdown(root: string, exclude: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (exclude.some((x) => (x.endsWith('/') ? `${rel}/`.startsWith(x) || rel.includes(`/${x}`) : entry.name === x))) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && entry.name.endsWith('.md')) out.push(abs);
    }
  };
  walk(root);
  return out;
}

/**
 * Reads the aligned sentences of content folders (paths relative to `root`). Throws when a folder,
 * its manifest or a tree it names is missing: learning from less than was asked must not pass silently.
 */
export function readAlignedInputs(root: string, folders: string[]): { pairs: TextPair[]; inputs: InputRecord[] } {
  const pairs: TextPair[] = [];
  const inputs: InputRecord[] = [];
  for (const folder of folders) {
    const dir = resolve(root, folder);
    const manifestPath = join(dir, 'sources.json');
    if (!existsSync(manifestPath)) throw new Error(`no sources.json in ${dir}`);
    const manifest = parseSourcesManifest(readFileSync(manifestPath, 'utf8'));
    for (const source of manifest.sources) {
      let base = dir;
      let files: string[];
      if (source.kind === 'tree') {
        base = resolve(dir, source.root);
        if (!existsSync(base)) throw new Error(`tree of source "${source.id}" not found: ${base}`);
        files = listMarkdown(base, source.exclude);
      } else {
        files = source.files.map((f) => resolve(dir, f.path));
      }
      const hash = createHash('sha256');
      const record: InputRecord = { folder: folder.split(sep).join('/'), source: source.id, files: files.length, sxsFiles: 0, pairs: 0, sha256: '' };
      for (const file of files) {
        const bytes = readFileSync(file);
        hash.update(relative(base, file).split(sep).join('/')).update('\0').update(bytes).update('\0');
        const found = pairsOfMarkdown(bytes.toString('utf8'));
        if (found.length > 0) record.sxsFiles++;
        record.pairs += found.length;
        pairs.push(...found);
      }
      record.sha256 = hash.digest('hex');
      inputs.push(record);
    }
  }
  return { pairs, inputs };
}
