/**
 * Question understanding, as explicit steps: focus (long pastes), products named, glossary phrases and
 * cue words, then one concept per content word with its alternative forms (expand.ts). Words no page
 * uses are not concepts: they are classified as chat filler (ignored) or as an off-domain topic (which
 * the gate may refuse), and never weigh against a good match.
 */
import { isStopWord, tokenize } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import type { Lang } from '../types';
import { Alternatives, conceptWeight, expandWord, glossaryLookup, knownForm, type Alternative } from './expand';
import { focusOf } from './focus';
import type { Tuning } from './tuning';

/** A content word (or glossary phrase, or cue) of the question and how much it matters. */
export interface Concept {
  word: string;
  /** Importance in idf units (the rarity of its commonest known form). */
  weight: number;
  alts: Alternative[];
  /** From the context of a long paste rather than its question: helps ranking, never decides coverage. */
  context: boolean;
  /** Implied by a question word ("where" → location) rather than said. */
  cue: boolean;
  /** Part of a product name the question uses: ranks pages, but the product fit is judged on its own. */
  product: boolean;
  /** Counts for the abstention gate: a question-sentence concept that is not a product name (unless only those are asked). */
  gate: boolean;
}

/** The analysed question. */
export interface QueryPlan {
  /** The language the question is written in (its words are analysed in it). */
  lang: Lang;
  concepts: Concept[];
  /** Documents whose product the question names ("… Cloud App Security …"). */
  namedDocs: Set<string>;
  /** Products the question names that no page covers (Teams, Sentinel, …). */
  foreignProducts: string[];
  /** Words no page uses that carry a topic of their own (not chat filler). */
  offTopic: string[];
  /** Words no page uses that are chat filler: ignored. */
  filler: string[];
  /** Words no page uses that are neither known filler nor a known topic (a typo nobody could correct, a rare word). */
  unknown: string[];
  /** True when the question was a long paste and only its question sentences weigh fully. */
  focused: boolean;
}

/** Question words after which the next content word is the thing asked for. */
const FOCUS_CUES = new Set(['which', 'welke', 'welk', 'hoeveel']);

/** How an unknown word is read: chat filler, a topic of its own, or not known either way. */
export type UnknownKind = 'filler' | 'topic' | 'unknown';

/** Slot for general-word classification (chat filler vs off-domain topic). */
function classifyUnknown(_word: string, _lang: Lang): UnknownKind {
  return 'unknown';
}

/** Products named in the folded text, longest phrase first, and the words of those names. */
function namedProducts(folded: string, index: SearchIndex): { namedDocs: Set<string>; foreign: string[]; words: Set<string> } {
  const namedDocs = new Set<string>();
  const words = new Set<string>();
  let rest = folded;
  const phrases = [...index.productPhrases].sort((a, b) => b.phrase.length - a.phrase.length);
  for (const { phrase, docId } of phrases) {
    if (!rest.includes(` ${phrase} `)) continue;
    namedDocs.add(docId);
    for (const w of phrase.split(' ')) words.add(w);
    // "Microsoft 365 Defender" names MTP's page, not Office 365's through its "Microsoft 365".
    rest = rest.split(` ${phrase} `).join(' | ');
  }
  return { namedDocs, foreign: [], words };
}

/** Analyses a question for retrieval. Never throws; an empty or all-stop-word question gives no concepts. */
export function planQuery(question: string, lang: Lang, index: SearchIndex, tuning: Tuning): QueryPlan {
  const { focus, context } = focusOf(question, tuning);
  const lookup = glossaryLookup(index.glossary);
  const products = namedProducts(` ${tokenize(question.slice(0, tuning.maxChars * 8)).join(' ')} `, index);
  const plan: QueryPlan = { lang, concepts: [], namedDocs: products.namedDocs, foreignProducts: products.foreign, offTopic: [], filler: [], unknown: [], focused: context !== '' };
  const seen = new Set<string>();

  const analyse = (text: string, isContext: boolean) => {
    const share = isContext ? tuning.contextShare : 1;
    if (share <= 0) return;
    let folded = ` ${tokenize(text.slice(0, tuning.maxChars)).join(' ')} `;
    for (const { text: phrase, entry } of lookup.phrases) {
      if (!folded.includes(` ${phrase} `)) continue;
      folded = folded.split(` ${phrase} `).join(' ');
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      const alts = new Alternatives();
      alts.putEntry(entry, tuning.glossaryPhrase, 'glossary');
      const list = alts.list();
      plan.concepts.push({ word: phrase, weight: share * (conceptWeight(index, list, tuning) ?? 1), alts: list, context: isContext, cue: false, product: false, gate: false });
    }
    const tokens = folded.split(' ').filter(Boolean);
    // Question words that imply a concept ("where" asks for a location) add it at a modest weight.
    if (!isContext) {
      for (const token of tokens) {
        for (const entry of lookup.cues.get(`${lang}:${token}`) ?? []) {
          if (seen.has(`cue:${token}`)) continue;
          seen.add(`cue:${token}`);
          const alts = new Alternatives();
          alts.putEntry(entry, tuning.cueForm, 'cue');
          plan.concepts.push({ word: token, weight: tuning.cueWeight, alts: alts.list(), context: false, cue: true, product: false, gate: false });
        }
      }
    }
    let previous = '';
    for (const word of tokens) {
      const after = previous;
      previous = word;
      if (plan.concepts.length >= tuning.maxConcepts) break;
      // Single letters are left-overs of possessives and abbreviations ("engineer's"), not content.
      if (word.length < 2 && !/\d/.test(word)) continue;
      if (seen.has(word) || isStopWord(word, lang) || isStopWord(word, lang === 'nl' ? 'en' : 'nl')) continue;
      seen.add(word);
      const alts = expandWord(word, lang, index, lookup, tuning);
      // A word known only through a weak form (a compound part) still weighs by that form.
      const weight = knownForm(index, alts) ? (conceptWeight(index, alts, tuning) ?? conceptWeight(index, alts, { weightFormsFrom: 0 })) : undefined;
      if (weight === undefined) {
        // A product's own name is resolved already; that the pages do not spell it out is no gap.
        if (products.words.has(word)) continue;
        const kind = classifyUnknown(word, lang);
        if (!isContext) plan[kind === 'topic' ? 'offTopic' : kind].push(word);
        continue;
      }
      // "In which regions …", "Welke certificeringen …": the word after which/welke names what is asked for.
      const boost = FOCUS_CUES.has(after) ? tuning.focusBoost : 1;
      plan.concepts.push({ word, weight: share * boost * weight, alts, context: isContext, cue: false, product: products.words.has(word), gate: false });
    }
  };
  analyse(focus, false);
  if (context) analyse(context, true);
  // The gate judges what is asked about the product; a question that is only a name ("Customer Lockbox?") is about the name.
  const asked = plan.concepts.some((c) => !c.context && !c.product);
  for (const c of plan.concepts) c.gate = !c.context && (!c.product || !asked);
  return plan;
}
