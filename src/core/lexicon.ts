/**
 * The learned vocabulary (`content/lexicon/`, written by `npm run learn:lexicon`): stem → related stems
 * with a score in 0–1, of three kinds, each named by where it came from:
 * - `lexicon`: translations learned from the aligned side-by-side sentences (IBM Model 1, both directions);
 * - `pivot`: same-language paraphrases, found by translating there and back (Bannard & Callison-Burch, 2005);
 * - `wordnet`: English synonyms from WordNet whose target the shipped content uses.
 * Beside them: background frequencies of stems, and closed-class and chat words per language taken from a
 * maintained word list (`functionWords.json`: compromise's lexicon for English).
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

/** Sentence frequencies of stems in one language of the background collection. */
export interface BackgroundTable {
  /** Sentences counted. */
  units: number;
  /** Stem → sentences it occurs in (stems rarer than the learner's minimum are absent). */
  df: Record<string, number>;
}

/** The files' contents. Plain JSON: this is also what a persisted index stores. */
export interface LexiconData {
  /** Keyed by the source language: `translations.nl.bewaartermijn` lists English stems. */
  translations: Partial<Record<Lang, LexiconTable>>;
  paraphrases: Partial<Record<Lang, LexiconTable>>;
  /** WordNet is English only. */
  synonyms: Partial<Record<Lang, LexiconTable>>;
  /** How common each stem is in the large aligned collection, per language (`background.json`). */
  background?: Partial<Record<Lang, BackgroundTable>>;
  /** Folded closed-class and chat words per language, sorted (`functionWords.json`). */
  functionWords?: Partial<Record<Lang, string[]>>;
}

/** The file of each kind inside a lexicon folder. */
export const LEXICON_FILES = { translations: 'translations.json', paraphrases: 'paraphrases.json', synonyms: 'synonyms.json' } as const;

/** The background frequencies' file inside a lexicon folder. */
export const BACKGROUND_FILE = 'background.json';

/** The closed-class words' file inside a lexicon folder. */
export const FUNCTION_WORDS_FILE = 'functionWords.json';

/** More function words per language than any word list has: a longer list is corrupt. */
const MAX_FUNCTION_WORDS = 20_000;

type Kind = keyof typeof LEXICON_FILES;
const SOURCE_OF: Record<Kind, LexiconSource> = { translations: 'lexicon', paraphrases: 'pivot', synonyms: 'wordnet' };

/** Bounds on hostile or corrupt files: longer stems or lists than the learner writes are errors. */
export const MAX_STEM = 32;
/** More sentences than any collection this bot indexes: a larger count is corrupt. */
const MAX_UNITS = 100_000_000;
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
  /**
   * How common a stem is in the background collection of `lang`: sentences containing it (0 when it is
   * rarer than the learner kept) and sentences counted; undefined when there is no table for the language.
   */
  background(stem: string, lang: Lang): { df: number; units: number } | undefined;
  /** True when the folded word is on the lexicon's closed-class list of `lang` (a pronoun, an interjection: "btw"). */
  isFunctionWord(word: string, lang: Lang): boolean;
  /** Source stems per kind and language, for reports. */
  readonly size: Record<Kind, Partial<Record<Lang, number>>>;
}

function fail(where: string, what: string): never {
  throw new Error(`lexicon ${where}: ${what}`);
}

/** Checks a table in place (no copy: a lexicon is tens of thousands of small arrays) and indexes it. */
function parseTable(raw: unknown, where: string): Map<string, [string, number][]> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'must be an object of stem → [[stem, score], …]');
  const out = new Map<string, [string, number][]>();
  for (const key of Object.keys(raw)) {
    const list = (raw as Record<string, unknown>)[key];
    if (key === '' || key.length > MAX_STEM) fail(`${where}.${key.slice(0, 40)}`, `key must be 1–${MAX_STEM} characters`);
    if (!Array.isArray(list) || list.length > MAX_TARGETS) fail(`${where}.${key}`, `must be an array of at most ${MAX_TARGETS} [stem, score] pairs`);
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (!Array.isArray(item) || item.length !== 2) fail(`${where}.${key}[${i}]`, 'must be [stem, score]');
      const [stem, score] = item as unknown[];
      if (typeof stem !== 'string' || stem === '' || stem.length > MAX_STEM) fail(`${where}.${key}[${i}]`, `stem must be 1–${MAX_STEM} characters`);
      if (typeof score !== 'number' || !(score >= 0 && score <= 1)) fail(`${where}.${key}[${i}]`, 'score must be a number in 0–1');
    }
    out.set(key, list as [string, number][]);
  }
  return out;
}

function parseKind(raw: unknown, kind: Kind): { data: Partial<Record<Lang, LexiconTable>>; maps: Partial<Record<Lang, Map<string, [string, number][]>>> } {
  if (raw === undefined) return { data: {}, maps: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(kind, 'must be an object keyed by "nl"/"en"');
  const data: Partial<Record<Lang, LexiconTable>> = {};
  const maps: Partial<Record<Lang, Map<string, [string, number][]>>> = {};
  for (const [lang, table] of Object.entries(raw)) {
    if (!(LANGS as readonly string[]).includes(lang)) fail(`${kind}.${lang}`, 'language must be "nl" or "en"');
    maps[lang as Lang] = parseTable(table, `${kind}.${lang}`);
    data[lang as Lang] = table as LexiconTable;
  }
  return { data, maps };
}

function parseBackground(raw: unknown): { data: Partial<Record<Lang, BackgroundTable>>; maps: Partial<Record<Lang, { units: number; df: Map<string, number> }>> } {
  const data: Partial<Record<Lang, BackgroundTable>> = {};
  const maps: Partial<Record<Lang, { units: number; df: Map<string, number> }>> = {};
  if (raw === undefined) return { data, maps };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('background', 'must be an object keyed by "nl"/"en"');
  for (const [lang, table] of Object.entries(raw)) {
    const where = `background.${lang}`;
    if (!(LANGS as readonly string[]).includes(lang)) fail(where, 'language must be "nl" or "en"');
    if (typeof table !== 'object' || table === null) fail(where, 'must be { units, df }');
    const { units, df } = table as Partial<BackgroundTable>;
    if (!Number.isInteger(units) || units! < 1 || units! > MAX_UNITS) fail(`${where}.units`, `must be an integer in 1–${MAX_UNITS}`);
    if (typeof df !== 'object' || df === null || Array.isArray(df)) fail(`${where}.df`, 'must be an object of stem → count');
    const map = new Map<string, number>();
    for (const [stem, n] of Object.entries(df)) {
      if (stem === '' || stem.length > MAX_STEM) fail(`${where}.df`, `stems must be 1–${MAX_STEM} characters`);
      if (!Number.isInteger(n) || n < 1 || n > units!) fail(`${where}.df.${stem}`, `must be an integer in 1–units`);
      map.set(stem, n);
    }
    data[lang as Lang] = table as BackgroundTable;
    maps[lang as Lang] = { units: units!, df: map };
  }
  return { data, maps };
}

function parseFunctionWords(raw: unknown): { data: Partial<Record<Lang, string[]>>; sets: Partial<Record<Lang, Set<string>>> } {
  const data: Partial<Record<Lang, string[]>> = {};
  const sets: Partial<Record<Lang, Set<string>>> = {};
  if (raw === undefined) return { data, sets };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('functionWords', 'must be an object keyed by "nl"/"en"');
  for (const [lang, list] of Object.entries(raw)) {
    const where = `functionWords.${lang}`;
    if (!(LANGS as readonly string[]).includes(lang)) fail(where, 'language must be "nl" or "en"');
    if (!Array.isArray(list) || list.length > MAX_FUNCTION_WORDS) fail(where, `must be an array of at most ${MAX_FUNCTION_WORDS} words`);
    for (const w of list) if (typeof w !== 'string' || w === '' || w.length > MAX_STEM) fail(where, `words must be 1–${MAX_STEM} characters`);
    data[lang as Lang] = list as string[];
    sets[lang as Lang] = new Set(list as string[]);
  }
  return { data, sets };
}

function toJson(value: unknown, kind: string): unknown {
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
export function parseLexicon(files: Partial<Record<Kind | 'background' | 'functionWords', unknown>>): Lexicon {
  const data = {} as LexiconData;
  const maps = {} as Record<Kind, Partial<Record<Lang, Map<string, [string, number][]>>>>;
  const size = {} as Lexicon['size'];
  for (const kind of Object.keys(LEXICON_FILES) as Kind[]) {
    const parsed = parseKind(toJson(files[kind], kind), kind);
    data[kind] = parsed.data;
    maps[kind] = parsed.maps;
    size[kind] = {};
    for (const lang of LANGS) if (parsed.maps[lang]) size[kind][lang] = parsed.maps[lang].size;
  }
  const background = parseBackground(toJson(files.background, 'background'));
  if (Object.keys(background.data).length > 0) data.background = background.data;
  const functionWords = parseFunctionWords(toJson(files.functionWords, 'functionWords'));
  if (Object.keys(functionWords.data).length > 0) data.functionWords = functionWords.data;
  const lookup = (kind: Kind, stem: string, lang: Lang): Expansion[] =>
    (maps[kind][lang]?.get(stem) ?? []).map(([s, score]) => ({ stem: s, score, source: SOURCE_OF[kind] }));
  return {
    data,
    size,
    translations: (stem, from) => lookup('translations', stem, from),
    paraphrases: (stem, lang) => lookup('paraphrases', stem, lang),
    synonyms: (stem, lang) => lookup('synonyms', stem, lang),
    background: (stem, lang) => {
      const table = background.maps[lang];
      return table && { df: table.df.get(stem) ?? 0, units: table.units };
    },
    isFunctionWord: (word, lang) => functionWords.sets[lang]?.has(word) ?? false,
  };
}

/** Merges lexicons of several content folders: per stem the best score of each target wins; the largest background per language; every function word. */
export function mergeLexicons(lexicons: Lexicon[]): Lexicon | undefined {
  if (lexicons.length <= 1) return lexicons[0];
  const merged: Record<Kind, Partial<Record<Lang, LexiconTable>>> & { background: Partial<Record<Lang, BackgroundTable>>; functionWords: Partial<Record<Lang, string[]>> } = {
    translations: {},
    paraphrases: {},
    synonyms: {},
    background: {},
    functionWords: {},
  };
  for (const lx of lexicons) {
    for (const lang of LANGS) {
      const table = lx.data.background?.[lang];
      if (table && table.units > (merged.background[lang]?.units ?? 0)) merged.background[lang] = table;
      const words = lx.data.functionWords?.[lang];
      if (words) merged.functionWords[lang] = [...new Set([...(merged.functionWords[lang] ?? []), ...words])].sort();
    }
  }
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

/** Reads a lexicon folder (`translations.json`, `paraphrases.json`, `synonyms.json`, `background.json`, `functionWords.json`; each optional). */
export function loadLexicon(dir: string): Lexicon {
  if (!existsSync(dir)) throw new Error(`lexicon folder ${dir} does not exist`);
  type File = Kind | 'background' | 'functionWords';
  const files: Partial<Record<File, string>> = {};
  const names: [File, string][] = [...(Object.entries(LEXICON_FILES) as [Kind, string][]), ['background', BACKGROUND_FILE], ['functionWords', FUNCTION_WORDS_FILE]];
  for (const [kind, name] of names) {
    const path = join(dir, name);
    if (existsSync(path)) files[kind] = readFileSync(path, 'utf8');
  }
  return parseLexicon(files);
}
