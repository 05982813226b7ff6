/**
 * One markdown page as it really is on disk (front matter, mojibake, CRLF, sxs spans, DocFX syntax)
 * → passages per language. Pure: the caller supplies the text and an include resolver.
 */
import { parse as parseYaml } from 'yaml';
import { markdownToSections, replaceIncludes } from './markdownToSections';
import { normalizeNewlines, repairMojibake } from './mojibake';
import { sectionsToPassages, type RawPassage } from './passages';
import { isSideBySide, splitSideBySide } from './sxs';
import type { Lang } from './types';

/** Front matter fields the loader uses. */
export interface FrontMatter {
  title?: string;
  contentLocale?: string;
}

/** Passages of one language side of a page. */
export interface PageSide {
  lang: Lang;
  title: string;
  passages: RawPassage[];
  /** True when this side is one half of a side-by-side file (the other half is its exact translation). */
  aligned: boolean;
}

/** A parsed page. */
export interface ParsedPage {
  frontMatter: FrontMatter;
  sides: PageSide[];
  /** Non-fatal observations (misaligned sxs ids, a dropped language). */
  notes: string[];
}

const FRONT = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const MAX_INCLUDE_DEPTH = 3;
/**
 * Most text (in characters, front matter counted) that a page's includes may add, all levels together: a
 * page that includes a file a thousand times, three levels deep, must not grow to gigabytes. The page's own
 * size is bounded where it is read (file or download limit).
 */
export const MAX_INCLUDED_CHARS = 16 * 1024 * 1024;

/** Cleans raw file text: BOM, line endings, mojibake. */
export function cleanText(raw: string): string {
  return repairMojibake(normalizeNewlines(raw)).replace(/\0/g, '');
}

/** Splits off and parses YAML front matter. Throws on invalid YAML (a corrupt file must be reported). */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter; body: string } {
  const m = FRONT.exec(text);
  if (!m) return { frontMatter: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(m[1]);
  } catch (err) {
    throw new Error(`invalid YAML front matter: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const rec = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const title = typeof rec.title === 'string' ? rec.title : undefined;
  const loc = rec['ms.contentlocale'];
  return { frontMatter: { title, contentLocale: typeof loc === 'string' ? loc : undefined }, body: text.slice(m[0].length) };
}

/** Maps a locale such as `nl-NL` to a supported language, or undefined (`ja-JP`). */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'nl' || base === 'en' ? base : undefined;
}

/**
 * Replaces `[!INCLUDE]` with the target's body (front matter removed) when the resolver finds it.
 * Throws when the included text would pass {@link MAX_INCLUDED_CHARS}.
 */
export function resolveIncludes(body: string, resolve: (target: string) => string | undefined): string {
  // One budget for the whole page, every level included.
  let budget = MAX_INCLUDED_CHARS;
  const expand = (text: string, depth: number): string =>
    replaceIncludes(text, (target) => {
      if (depth >= MAX_INCLUDE_DEPTH) return '';
      const raw = resolve(target);
      if (raw === undefined) return '';
      // Counted raw (front matter too): reading and cleaning it costs that much even when its body is short.
      budget -= raw.length + 4;
      if (budget < 0) throw new Error(`includes add more than ${MAX_INCLUDED_CHARS} characters to the page`);
      return `\n\n${expand(splitFrontMatter(cleanText(raw)).body, depth + 1)}\n\n`;
    });
  return expand(body, 0);
}

/** A front-matter title without its ` | Microsoft Docs` tail. */
export function stripDocsSuffix(title: string): string {
  // Trimmed first and anchored on `|`: `\s*\|` unanchored rescanned every whitespace run (quadratic).
  const t = title.trimEnd();
  const m = /\|\s*Microsoft Docs$/i.exec(t);
  return (m ? t.slice(0, m.index) : t).trim();
}

function side(markdown: string, lang: Lang, fmTitle: string | undefined, aligned: boolean): PageSide {
  const sections = markdownToSections(markdown);
  // The h1 is in the side's own language; the front-matter title is only a fallback (and has a " | Microsoft Docs" tail).
  const title = sections.find((s) => s.level === 1)?.heading || stripDocsSuffix(fmTitle ?? '');
  return { lang, title, passages: sectionsToPassages(sections, title), aligned };
}

/**
 * Parses one page file. `defaultLang` is used for a plain file without `ms.contentlocale`.
 * Throws only for input that cannot be a page (invalid front matter); the loader reports it.
 */
export function parsePage(raw: string, defaultLang: Lang | undefined, resolve: (target: string) => string | undefined): ParsedPage {
  const { frontMatter, body } = splitFrontMatter(cleanText(raw));
  const full = resolveIncludes(body, resolve);
  const notes: string[] = [];
  const sides: PageSide[] = [];
  const locLang = langOfLocale(frontMatter.contentLocale);
  if (isSideBySide(full)) {
    const sxs = splitSideBySide(full);
    if (sxs.misaligned > 0) notes.push(`${sxs.misaligned} of ${sxs.pairs} side-by-side sentences have mismatched ids`);
    if (locLang === 'nl') sides.push(side(sxs.translated, 'nl', frontMatter.title, true));
    else if (frontMatter.contentLocale) notes.push(`language ${frontMatter.contentLocale} dropped; English kept`);
    // The English source side has no front-matter title of its own: its h1 is the title.
    sides.push(side(sxs.source, 'en', undefined, locLang === 'nl'));
  } else {
    const lang = locLang ?? defaultLang ?? 'en';
    if (frontMatter.contentLocale && !locLang) notes.push(`language ${frontMatter.contentLocale} is not supported`);
    else sides.push(side(full, lang, frontMatter.title, false));
  }
  return { frontMatter, sides: sides.filter((s) => s.passages.length > 0), notes };
}
