/**
 * A question → concepts to look for. Each concept is one content word of the question with its
 * alternatives: its stem, Dutch compound parts, the same word in the other language (product names,
 * loan words) and the glossary's related words in both languages, each with a weight.
 */
import { isStopWord, splitCompound, stem, tokenize } from './analyzer';
import type { SearchIndex } from './searchIndex';
import type { GlossaryEntry, Lang } from './types';
import { LANGS } from './types';

/** One way a concept can appear in the text. */
export interface Alternative {
  lang: Lang;
  stem: string;
  weight: number;
}

/** A content word of the question and how much it matters (its idf). */
export interface Concept {
  word: string;
  weight: number;
  alts: Alternative[];
}

/** The analysed question. */
export interface QueryPlan {
  lang: Lang;
  concepts: Concept[];
  /** Documents whose product the question names ("... Cloud App Security ..."). */
  namedDocs: Set<string>;
}

/** Longest question text analysed; the rest of a pasted essay adds nothing but cost. */
const MAX_CHARS = 600;
const MAX_CONCEPTS = 16;
/**
 * A word the corpus never uses weighs this share of the largest possible idf: high enough that a question
 * made of unknown words is not covered, low enough that one unfamiliar word does not sink a good match.
 */
const UNKNOWN_SHARE = 0.75;
/** Question words after which the next content word is the thing asked for. */
const FOCUS_CUES = new Set(['which', 'welke', 'welk', 'hoeveel']);
const FOCUS_BOOST = 1.5;
/** Weight of a concept implied by a question word: about that of a common content word. */
const CUE_WEIGHT = 1;

const other = (lang: Lang): Lang => (lang === 'nl' ? 'en' : 'nl');

/** Glossary lookup by folded word and by stem, built once per index. */
interface GlossaryLookup {
  byWord: Map<string, GlossaryEntry[]>;
  cues: Map<string, GlossaryEntry[]>;
  phrases: { text: string; entry: GlossaryEntry }[];
}

const lookups = new WeakMap<GlossaryEntry[], GlossaryLookup>();

function glossaryLookup(glossary: GlossaryEntry[]): GlossaryLookup {
  let l = lookups.get(glossary);
  if (l) return l;
  l = { byWord: new Map(), phrases: [], cues: new Map() };
  for (const entry of glossary) {
    for (const lang of LANGS) {
      for (const cue of entry.cues?.[lang] ?? []) {
        const key = `${lang}:${tokenize(cue).join(' ')}`;
        l.cues.set(key, [...(l.cues.get(key) ?? []), entry]);
      }
    }
    for (const lang of LANGS) {
      for (const w of entry[lang]) {
        const toks = tokenize(w);
        if (toks.length > 1) l.phrases.push({ text: toks.join(' '), entry });
        else if (toks.length === 1) {
          // Short words (us, eu, log) are matched as written: their stems collide ("use" → "us").
          const keys = toks[0].length < 4 ? [`${lang}:${toks[0]}`] : [`${lang}:${toks[0]}`, `${lang}:~${stem(toks[0], lang)}`];
          for (const key of keys) {
            const list = l.byWord.get(key) ?? [];
            if (!list.includes(entry)) list.push(entry);
            l.byWord.set(key, list);
          }
        }
      }
    }
  }
  lookups.set(glossary, l);
  return l;
}

function idf(index: SearchIndex, alt: Alternative): number | undefined {
  const li = index.langs[alt.lang];
  const df = li?.df.get(alt.stem);
  return li && df ? Math.log(1 + li.passages / df) : undefined;
}

const entryForms = new WeakMap<GlossaryEntry, { lang: Lang; stem: string }[]>();

/** A glossary entry's stems in both languages, analysed once per entry. */
function formsOf(entry: GlossaryEntry): { lang: Lang; stem: string }[] {
  let forms = entryForms.get(entry);
  if (!forms) {
    forms = [];
    for (const lang of LANGS) {
      for (const w of entry[lang]) for (const t of tokenize(w)) if (!isStopWord(t, lang)) forms.push({ lang, stem: stem(t, lang) });
    }
    entryForms.set(entry, forms);
  }
  return forms;
}

function addEntry(alts: Map<string, Alternative>, entry: GlossaryEntry, weight: number): void {
  for (const { lang, stem: s } of formsOf(entry)) {
    const key = `${lang}:${s}`;
    if ((alts.get(key)?.weight ?? 0) < weight) alts.set(key, { lang, stem: s, weight });
  }
}

function conceptOf(word: string, lang: Lang, index: SearchIndex, lookup: GlossaryLookup): Concept {
  const alts = new Map<string, Alternative>();
  const put = (a: Alternative) => {
    const key = `${a.lang}:${a.stem}`;
    if ((alts.get(key)?.weight ?? 0) < a.weight) alts.set(key, a);
  };
  const s = stem(word, lang);
  put({ lang, stem: s, weight: 1 });
  // Names and loan words are spelled the same in both languages ("Customer Lockbox", "tenant").
  if (!isStopWord(word, other(lang))) put({ lang: other(lang), stem: stem(word, other(lang)), weight: 0.85 });
  const words = index.langs[lang]?.words;
  if (lang === 'nl' && words && !words.has(word)) {
    for (const part of splitCompound(word, (w) => words.has(w))) put({ lang, stem: stem(part, lang), weight: 0.6 });
  }
  for (const entry of [...(lookup.byWord.get(`${lang}:${word}`) ?? []), ...(lookup.byWord.get(`${lang}:~${s}`) ?? [])]) {
    addEntry(alts, entry, 0.75);
  }
  const list = [...alts.values()].sort((a, b) => b.weight - a.weight);
  const n = Math.max(1, index.langs[lang]?.passages ?? index.passages.length);
  return { word, weight: conceptWeight(index, list) ?? UNKNOWN_SHARE * Math.log(1 + n / 0.5), alts: list };
}

/**
 * A concept's importance: the rarity of its most common known form (a rare synonym must not make a
 * common idea weigh more); undefined when the corpus uses none of its forms.
 */
function conceptWeight(index: SearchIndex, alts: Alternative[]): number | undefined {
  let best: number | undefined;
  for (const a of alts) {
    if (a.weight < 0.7) continue;
    const v = idf(index, a);
    if (v !== undefined && (best === undefined || v < best)) best = v;
  }
  return best;
}

/** Analyses a question for retrieval. Never throws; an empty or all-stop-word question gives no concepts. */
export function planQuery(question: string, lang: Lang, index: SearchIndex): QueryPlan {
  const text = question.slice(0, MAX_CHARS);
  const lookup = glossaryLookup(index.glossary);
  let folded = ` ${tokenize(text).join(' ')} `;

  const namedDocs = new Set<string>();
  for (const { phrase, docId } of index.productPhrases) if (folded.includes(` ${phrase} `)) namedDocs.add(docId);

  const concepts: Concept[] = [];
  for (const { text: phrase, entry } of lookup.phrases) {
    if (!folded.includes(` ${phrase} `)) continue;
    const alts = new Map<string, Alternative>();
    addEntry(alts, entry, 0.9);
    const list = [...alts.values()];
    concepts.push({ word: phrase, weight: conceptWeight(index, list) ?? 1, alts: list });
    folded = folded.split(` ${phrase} `).join(' ');
  }
  // Question words that imply a concept ("where" asks for a location) add it at a modest weight.
  for (const token of folded.split(' ')) {
    for (const entry of lookup.cues.get(`${lang}:${token}`) ?? []) {
      const alts = new Map<string, Alternative>();
      addEntry(alts, entry, 0.8);
      concepts.push({ word: token, weight: CUE_WEIGHT, alts: [...alts.values()] });
    }
  }
  const seen = new Set<string>();
  let previous = '';
  for (const word of folded.split(' ')) {
    const after = previous;
    previous = word;
    // Single letters are left-overs of possessives and abbreviations ("engineer's"), not content.
    if (word.length < 2 && !/\d/.test(word)) continue;
    if (!word || seen.has(word) || isStopWord(word, lang) || isStopWord(word, other(lang))) continue;
    seen.add(word);
    const concept = conceptOf(word, lang, index, lookup);
    // "In which regions …", "Welke certificeringen …": the word after which/welke names what is asked for.
    if (FOCUS_CUES.has(after)) concept.weight *= FOCUS_BOOST;
    concepts.push(concept);
    if (concepts.length >= MAX_CONCEPTS) break;
  }
  return { lang, concepts, namedDocs };
}
