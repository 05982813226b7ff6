/**
 * The learned vocabulary (`content/lexicon/`, written by `npm run learn:lexicon`): stem → related stems
 * with a score in 0–1, of three kinds, each named by where it came from:
 * - `lexicon`: translations learned from the aligned side-by-side sentences (IBM Model 1, both directions);
 * - `pivot`: same-language paraphrases, found by translating there and back (Bannard & Callison-Burch, 2005);
 * - `wordnet`: English synonyms from WordNet whose target the shipped content uses.
 * Pure reader: parsing and lookups; {@link loadLexicon} is the only function that touches the disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from './types';
import { LANGS } from './types';

/** Where an expansion came from. */
export type LexiconSource = 'lexicon' | 'pivot' | 'wordnet';

/** One related stem. */
export interface Expansion {
  stem: string;
  /** 0–1; higher is closer. Comparable within one source only. */
  score: number;
  source: LexiconSource;
}

/** Source stem → [target stem, score] pairs, best first. */
export type LexiconTable = Record<string, [string, number][]>;

/** The three files' contents. Plain JSON: this is also what a persisted index stores. */
export interface LexiconData {
  /** Keyed by the source language: `translations.nl.bewaartermijn` lists English stems. */
  translations: Partial<Record<Lang, LexiconTable>>;
  paraphrases: Partial<Record<Lang, LexiconTable>>;
  /** WordNet is English only. */
  synonyms: Partial<Record<Lang, LexiconTable>>;
}

/** The file of each kind inside a lexicon folder. */
export const LEXICON_FILES = { translations: 'translations.json', paraphrases: 'paraphrases.json', synonyms: 'synonyms.json' } as const;

type Kind = keyof typeof LEXICON_FILES;
const SOURCE_OF: Record<Kind, LexiconSource> = { translations: 'lexicon', paraphrases: 'pivot', synonyms: 'wordnet' };

/** Bounds on hostile or corrupt files: longer stems or lists than the learner writes are errors. */
const MAX_STEM = 32;
const MAX_TARGETS = 20;

/** Lookups over a parsed lexicon. Results are copies, best first; an unknown stem gives []. */
export interface Lexicon {
  readonly data: LexiconData;
  /** Stems in the other language for a stem of `from`. */
  translations(stem: string, from: Lang): Expansion[];
  /** Same-language paraphrases. */
  paraphrases(stem: string, lang: Lang): Expansion[];
  /** WordNet synonyms (English only; Dutch gives []). */
  synonyms(stem: string, lang: Lang): Expansion[];
  /** Source stems per kind and language, for reports. */
  readonly size: Record<Kind, Partial<Record<Lang, number>>>;
}

function fail(where: string, what: string): never {
  throw new Error(`lexicon ${where}: ${what}`);
}

function parseTable(raw: unknown, where: string): LexiconTable {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'must be an object of stem → [[stem, score], …]');
  const out: LexiconTable = Object.create(null) as LexiconTable;
  for (const [key, list] of Object.entries(raw)) {
    if (key === '' || key.length > MAX_STEM) fail(`${where}.${key.slice(0, 40)}`, `key must be 1–${MAX_STEM} characters`);
    if (!Array.isArray(list) || list.length > MAX_TARGETS) fail(`${where}.${key}`, `must be an array of at most ${MAX_TARGETS} [stem, score] pairs`);
    out[key] = list.map((item: unknown, i): [string, number] => {
      const at = `${where}.${key}[${i}]`;
      if (!Array.isArray(item) || item.length !== 2) fail(at, 'must be [stem, score]');
      const [stem, score] = item as unknown[];
      if (typeof stem !== 'string' || stem === '' || stem.length > MAX_STEM) fail(at, `stem must be 1–${MAX_STEM} characters`);
      if (typeof score !== 'number' || !(score >= 0 && score <= 1)) fail(at, 'score must be a number in 0–1');
      return [stem, score];
    });
  }
  return out;
}

function parseKind(raw: unknown, kind: Kind): Partial<Record<Lang, LexiconTable>> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(kind, 'must be an object keyed by "nl"/"en"');
  const out: Partial<Record<Lang, LexiconTable>> = {};
  for (const [lang, table] of Object.entries(raw)) {
    if (!(LANGS as readonly string[]).includes(lang)) fail(`${kind}.${lang}`, 'language must be "nl" or "en"');
    out[lang as Lang] = parseTable(table, `${kind}.${lang}`);
  }
  return out;
}

function toJson(value: unknown, kind: Kind): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (err) {
    fail(kind, `is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Validates the three kinds (each JSON text or an already-parsed value; a missing kind is empty) and
 * returns the lookups. Throws an Error naming the bad field.
 */
export function parseLexicon(files: Partial<Record<Kind, unknown>>): Lexicon {
  const data: LexiconData = {
    translations: parseKind(toJson(files.translations, 'translations'), 'translations'),
    paraphrases: parseKind(toJson(files.paraphrases, 'paraphrases'), 'paraphrases'),
    synonyms: parseKind(toJson(files.synonyms, 'synonyms'), 'synonyms'),
  };
  const maps = {} as Record<Kind, Partial<Record<Lang, Map<string, [string, number][]>>>>;
  const size = {} as Lexicon['size'];
  for (const kind of Object.keys(LEXICON_FILES) as Kind[]) {
    maps[kind] = {};
    size[kind] = {};
    for (const lang of LANGS) {
      const table = data[kind][lang];
      if (!table) continue;
      maps[kind][lang] = new Map(Object.entries(table));
      size[kind][lang] = Object.keys(table).length;
    }
  }
  const lookup = (kind: Kind, stem: string, lang: Lang): Expansion[] =>
    (maps[kind][lang]?.get(stem) ?? []).map(([s, score]) => ({ stem: s, score, source: SOURCE_OF[kind] }));
  return {
    data,
    size,
    translations: (stem, from) => lookup('translations', stem, from),
    paraphrases: (stem, lang) => lookup('paraphrases', stem, lang),
    synonyms: (stem, lang) => lookup('synonyms', stem, lang),
  };
}

/** Merges lexicons of several content folders: per stem the best score of each target wins. */
export function mergeLexicons(lexicons: Lexicon[]): Lexicon | undefined {
  if (lexicons.length <= 1) return lexicons[0];
  const merged: Record<Kind, Partial<Record<Lang, LexiconTable>>> = { translations: {}, paraphrases: {}, synonyms: {} };
  for (const kind of Object.keys(LEXICON_FILES) as Kind[]) {
    for (const lang of LANGS) {
      const acc = new Map<string, Map<string, number>>();
      for (const lx of lexicons) {
        for (const [key, list] of Object.entries(lx.data[kind][lang] ?? {})) {
          const targets = acc.get(key) ?? new Map<string, number>();
          for (const [s, score] of list) targets.set(s, Math.max(score, targets.get(s) ?? 0));
          acc.set(key, targets);
        }
      }
      if (acc.size === 0) continue;
      const table: LexiconTable = {};
      for (const [key, targets] of acc) {
        table[key] = [...targets].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_TARGETS);
      }
      merged[kind][lang] = table;
    }
  }
  return parseLexicon(merged);
}

/** Reads a lexicon folder (`translations.json`, `paraphrases.json`, `synonyms.json`; each optional). */
export function loadLexicon(dir: string): Lexicon {
  if (!existsSync(dir)) throw new Error(`lexicon folder ${dir} does not exist`);
  const files: Partial<Record<Kind, string>> = {};
  for (const [kind, name] of Object.entries(LEXICON_FILES) as [Kind, string][]) {
    const path = join(dir, name);
    if (existsSync(path)) files[kind] = readFileSync(path, 'utf8');
  }
  return parseLexicon(files);
}
