/**
 * Concept expansion: the ways a question word can appear in the pages. Each alternative form says where
 * it came from (`via`), so `explain` can show it and ranking can weigh it: the word's own stem, the same
 * word read in the other language (names, loan words), Dutch compound parts, the glossary's related
 * words (looked up in both languages), and the learned lexicon, WordNet and typo corrections when present.
 */
import { isStopWord, splitCompound, stem, tokenize } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import type { GlossaryEntry, Lang } from '../types';
import { LANGS } from '../types';
import { derived } from './derived';
import { usedOnDeclaredPages } from './declaredVocabulary';
import type { Tuning } from './tuning';

/** Where an alternative form of a concept came from. */
export type FormSource = 'stem' | 'other-language' | 'compound' | 'glossary' | 'cue' | 'lexicon' | 'pivot' | 'wordnet' | 'typo' | 'alias';

/** One way a concept can appear in the text. */
export interface Alternative {
  lang: Lang;
  stem: string;
  /** Relative strength of this form (1 = the word itself). */
  weight: number;
  via: FormSource;
}

/** The other of the two languages. */
export const otherLang = (lang: Lang): Lang => (lang === 'nl' ? 'en' : 'nl');

/** Glossary lookup by folded word and by stem, built once per glossary. */
export interface GlossaryLookup {
  byWord: Map<string, GlossaryEntry[]>;
  cues: Map<string, GlossaryEntry[]>;
  phrases: { text: string; entry: GlossaryEntry }[];
}

/** The glossary's words, phrases and cue words as lookups (cached per glossary array). */
export const glossaryLookup = derived((glossary: GlossaryEntry[]): GlossaryLookup => {
  const l: GlossaryLookup = { byWord: new Map(), phrases: [], cues: new Map() };
  const add = (key: string, entry: GlossaryEntry) => {
    const list = l.byWord.get(key) ?? [];
    if (!list.includes(entry)) list.push(entry);
    l.byWord.set(key, list);
  };
  for (const entry of glossary) {
    for (const lang of LANGS) {
      for (const cue of entry.cues?.[lang] ?? []) {
        const key = `${lang}:${tokenize(cue).join(' ')}`;
        l.cues.set(key, [...(l.cues.get(key) ?? []), entry]);
      }
      for (const w of entry[lang]) {
        const toks = tokenize(w);
        if (toks.length > 1) l.phrases.push({ text: toks.join(' '), entry });
        else if (toks.length === 1) {
          add(`${lang}:${toks[0]}`, entry);
          // Short words (eu, log) are matched as written: their stems collide ("use" → "us").
          if (toks[0].length >= 4) add(`${lang}:~${stem(toks[0], lang)}`, entry);
        }
      }
    }
  }
  return l;
});

const entryForms = new WeakMap<GlossaryEntry, { lang: Lang; stem: string }[]>();

/** A glossary entry's stems in both languages, analysed once per entry. */
function formsOf(entry: GlossaryEntry): { lang: Lang; stem: string }[] {
  let forms = entryForms.get(entry);
  if (!forms) {
    forms = [];
    for (const lang of LANGS) {
      // Single letters are left-overs of apostrophes ("regio's"), not words.
      for (const w of entry[lang]) for (const t of tokenize(w)) if (t.length > 1 && !isStopWord(t, lang)) forms.push({ lang, stem: stem(t, lang) });
    }
    entryForms.set(entry, forms);
  }
  return forms;
}

/** A set of alternatives that keeps the strongest weight per (language, stem). */
export class Alternatives {
  private readonly byKey = new Map<string, Alternative>();

  put(a: Alternative): void {
    const key = `${a.lang}:${a.stem}`;
    if ((this.byKey.get(key)?.weight ?? 0) < a.weight) this.byKey.set(key, a);
  }

  /** Every form of a glossary entry, at one weight. */
  putEntry(entry: GlossaryEntry, weight: number, via: FormSource): void {
    for (const { lang, stem: s } of formsOf(entry)) this.put({ lang, stem: s, weight, via });
  }

  /** Strongest first. */
  list(): Alternative[] {
    return [...this.byKey.values()].sort((a, b) => b.weight - a.weight);
  }
}

/** The glossary entries a word belongs to, looked up in both languages (a Dutch word in an English question). */
export function glossaryEntriesOf(word: string, lang: Lang, lookup: GlossaryLookup): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  for (const l of [lang, otherLang(lang)]) {
    for (const key of [`${l}:${word}`, `${l}:~${stem(word, l)}`]) for (const e of lookup.byWord.get(key) ?? []) if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** All alternative forms of one question word, strongest first. */
export function expandWord(word: string, lang: Lang, index: SearchIndex, lookup: GlossaryLookup, tuning: Tuning): Alternative[] {
  const alts = new Alternatives();
  alts.put({ lang, stem: stem(word, lang), weight: 1, via: 'stem' });
  const other = otherLang(lang);
  // Names and loan words are spelled the same in both languages ("Customer Lockbox", "tenant").
  if (!isStopWord(word, other)) alts.put({ lang: other, stem: stem(word, other), weight: tuning.otherLanguageForm, via: 'other-language' });
  // An English loan word takes a Dutch ending -en, as a plural ("mailboxen") or a verb ("inspecteren",
  // "exporteren"): the English word is read under it.
  if (lang === 'nl' && word.length > 6 && word.endsWith('en')) {
    const loan = stem(word.slice(0, -2), 'en');
    if ((index.langs.en?.df.get(loan) ?? 0) > 0) alts.put({ lang: 'en', stem: loan, weight: tuning.otherLanguageForm, via: 'other-language' });
  }
  const words = index.langs[lang]?.words;
  // A compound no page writes is read through its parts; so is one only bulk pages write, as the curated
  // pages' own vocabulary decides what the bot covers ("gegevenslocatie": gegevens + locatie).
  if (lang === 'nl' && words && (!words.has(word) || (index.hasBulkPages && !usedOnDeclaredPages(index, lang, stem(word, lang))))) {
    for (const part of splitCompound(word, (w) => words.has(w))) alts.put({ lang, stem: stem(part, lang), weight: tuning.compoundPart, via: 'compound' });
  }
  for (const entry of glossaryEntriesOf(word, lang, lookup)) alts.putEntry(entry, tuning.glossaryForm, 'glossary');
  const lexicon = index.lexicon;
  if (lexicon) {
    // Learned scores are probabilities (0–1); their square root keeps a clear translation (0.5) strong
    // and a faint one (0.1) weak, on the same scale as the typed forms.
    const s = stem(word, lang);
    const strength = (base: number, score: number) => base * Math.sqrt(score);
    for (const e of lexicon.translations(s, lang)) alts.put({ lang: other, stem: e.stem, weight: strength(tuning.lexiconForm, e.score), via: 'lexicon' });
    for (const e of lexicon.paraphrases(s, lang)) alts.put({ lang, stem: e.stem, weight: strength(tuning.pivotForm, e.score), via: 'pivot' });
    for (const e of lexicon.synonyms(s, lang)) alts.put({ lang, stem: e.stem, weight: strength(tuning.wordnetForm, e.score), via: 'wordnet' });
    // A word of the other language in this question (a loan word, a name) translates back; a word the
    // question's own language uses is no loan word ("standards" is not Dutch "standaard" → "default").
    if (!isStopWord(word, other) && !((index.langs[lang]?.df.get(s) ?? 0) > 0)) {
      for (const e of lexicon.translations(stem(word, other), other)) alts.put({ lang, stem: e.stem, weight: strength(tuning.lexiconForm, e.score) * tuning.otherLanguageForm, via: 'lexicon' });
    }
  }
  return alts.list();
}

/** True when the index holds some form (in any language). */
export function knownForm(index: SearchIndex, alts: Alternative[]): boolean {
  return alts.some((a) => (index.langs[a.lang]?.df.get(a.stem) ?? 0) > 0);
}

/**
 * Inverse document frequency of a form in its language; undefined when the index never uses it.
 * With a background table (the learned sentence frequencies of the large aligned collection), the
 * index's own idf is moved towards the background's, rescaled to the index's range, by
 * `backgroundIdf` (geometric interpolation): a word rare in a few pages but common in security
 * documentation at large ("one", "staan") is not specific. A stem the background does not list is rare there.
 */
export function idf(index: SearchIndex, alt: Pick<Alternative, 'lang' | 'stem'>, tuning: Pick<Tuning, 'backgroundIdf'>): number | undefined {
  const li = index.langs[alt.lang];
  const df = li?.df.get(alt.stem);
  if (!li || !df) return undefined;
  const own = Math.log(1 + li.passages / df);
  const bg = tuning.backgroundIdf > 0 ? index.lexicon?.background(alt.stem, alt.lang) : undefined;
  // A background no larger than the index says nothing the index does not.
  if (!bg || bg.units <= li.passages) return own;
  const background = (Math.log(1 + bg.units / Math.max(bg.df, 1)) * Math.log(1 + li.passages)) / Math.log(1 + bg.units);
  return own * Math.pow(background / own, tuning.backgroundIdf);
}

/**
 * A concept's importance: the rarity of its most common strong form (a rare synonym must not make a
 * common idea weigh more); undefined when the corpus uses none of its forms.
 */
export function conceptWeight(index: SearchIndex, alts: Alternative[], tuning: Pick<Tuning, 'weightFormsFrom' | 'backgroundIdf'>): number | undefined {
  let best: number | undefined;
  for (const a of alts) {
    if (a.weight < tuning.weightFormsFrom) continue;
    const v = idf(index, a, tuning);
    if (v !== undefined && (best === undefined || v < best)) best = v;
  }
  return best;
}
