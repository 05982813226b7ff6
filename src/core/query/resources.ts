/**
 * What question understanding needs besides the index, derived once per index and cached with it: the
 * typo index over both languages' vocabulary and the product names, and the vocabulary view the language
 * detector reads. The dictionaries and word classes (Hunspell, WordNet, OpenTaal) are shared by every
 * index and load on first use; `prepareIndex.ts` builds and loads them ahead.
 */
import { stopWordList } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import type { Lang } from '../types';
import { createDictionaries, loadWordNetPos, type Dictionaries, type PosLookup } from './dictionaries';
import { loadDutchPos } from './dutchLexicon';
import type { LanguageVocabulary } from './detectLanguage';
import { translatedDutchPos } from './translatedClass';
import { buildTypoIndex, type TypoIndex } from './typos';
import { loadPlaceNames, type PlaceCheck } from './places';

/** Per-index resources of the query steps. */
export interface QueryResources {
  typos: TypoIndex;
  vocabulary: LanguageVocabulary;
  /** Passages of either language that contain a folded word (0 when unknown). */
  documentFrequency: (word: string) => number;
  /** Word classes for this index's questions: English from WordNet, Dutch read through the index's lexicon (`translatedClass.ts`). */
  pos: Partial<Record<Lang, PosLookup>>;
}

/** Shared by all indexes: the spelling checks and word classes of both languages. */
export interface LanguageResources {
  dictionaries: Dictionaries;
  pos: Partial<Record<Lang, PosLookup>>;
  /** Place names (WordNet locations, country names in both languages; `places.ts`). */
  isPlace: PlaceCheck;
}

const perIndex = new WeakMap<SearchIndex, QueryResources>();

/** The words the typo index of an index corrects towards: both languages' vocabulary, the product name tokens and the stop words. */
export function typoVocabulary(index: SearchIndex): Map<string, number> {
  const vocabulary = new Map<string, number>();
  for (const lang of ['nl', 'en'] as const) {
    const li = index.langs[lang];
    if (!li) continue;
    for (const w of li.words) vocabulary.set(w, Math.max(vocabulary.get(w) ?? 0, 1));
  }
  for (const e of index.products.entries) if (e.docIds.length > 0) for (const t of e.tokens) vocabulary.set(t, Math.max(vocabulary.get(t) ?? 0, 1));
  // Function words the pages happen not to write ("should"): "shoud" is a slip of one, not a topic word.
  for (const w of stopWordList()) if (!vocabulary.has(w)) vocabulary.set(w, 1);
  return vocabulary;
}

/**
 * The query resources of an index (built on first use, then cached with the index). `typos`: the index's
 * typo index when it was built elsewhere (by the index worker, from the same {@link typoVocabulary}).
 */
export function resourcesOf(index: SearchIndex, typos?: TypoIndex): QueryResources {
  let r = perIndex.get(index);
  if (r) return r;
  const language = languageResources();
  const df = (word: string) => {
    let n = 0;
    for (const lang of ['nl', 'en'] as const) if (index.langs[lang]?.words.has(word)) n++;
    return n;
  };
  r = {
    typos: typos ?? buildTypoIndex(typoVocabulary(index)),
    vocabulary: {
      words: { nl: index.langs.nl?.words, en: index.langs.en?.words },
      df: { nl: index.langs.nl?.df, en: index.langs.en?.df },
      passages: { nl: index.langs.nl?.passages, en: index.langs.en?.passages },
    },
    documentFrequency: df,
    pos: { en: language.pos.en, nl: translatedDutchPos(index, language.pos.nl, language.pos.en, (w) => language.dictionaries.isWordIn(w, 'en')) },
  };
  perIndex.set(index, r);
  return r;
}

/** True once the query resources (the typo index) of `index` are built. */
export function hasQueryResources(index: SearchIndex): boolean {
  return perIndex.has(index);
}

let shared: LanguageResources | undefined;

/** The shared dictionaries and word classes (each part loads lazily on first use). */
export function languageResources(): LanguageResources {
  if (!shared) {
    let en: PosLookup | undefined;
    let nl: PosLookup | undefined;
    let places: PlaceCheck | undefined;
    shared = {
      dictionaries: createDictionaries(),
      pos: {
        en: (w) => (en ??= safely(loadWordNetPos))(w),
        nl: (w) => (nl ??= safely(loadDutchPos))(w),
      },
      isPlace: (w) => (places ??= loadPlaceNames())(w),
    };
  }
  return shared;
}

/** A word-class source that cannot load knows no words, rather than failing every question. */
function safely(load: () => PosLookup): PosLookup {
  try {
    return load();
  } catch {
    return () => undefined;
  }
}
