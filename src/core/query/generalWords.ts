/**
 * Chat words: which question words carry the question's topic and which are conversation around it.
 * Filler ("eigenlijk", "nou", "still", "much", "hey") must not count against a question; a real word of
 * another topic ("pannenkoek", "price", "licentie", "Germany") must stop a match.
 *
 * The signal (chosen after measuring, see the report of issue 10): the word class of a dictionary word,
 * weighted by how it is used. Chat filler is made of adverbs, particles, interjections and pronouns; a
 * topic is named by nouns and verbs. English classes come from WordNet's sense tag counts (`index.sense`:
 * how often each sense was seen in the Semcor corpus, so "still" is an adverb 317 times and a noun 6 times);
 * a dictionary word WordNet does not have is closed-class (hey, nou). Dutch classes come from the OpenTaal
 * Hunspell entry the word inflects from (plural/compound flags = noun, verb flags, adjective flags, none =
 * closed class); Dutch adverbs are uninflected adjectives, so for Dutch an adjective counts as adverb-like.
 * Frequency in the 783-page tree was measured and rejected: formal documentation uses "licentie" often and
 * "eigenlijk" rarely, the reverse of what is needed.
 * Words the index knows are `domain`; unknown words no dictionary accepts are typo candidates when a
 * correction exists, else `topic` (an unknown term such as "onboarding" is not filler).
 */
import type { Lang } from '../types';
import { posTotal, type PosProfile } from './dictionaries';

/** Tunable numbers of word classification, with their effect and sane range. */
export const GENERAL_WORD_DEFAULTS = {
  /** Share of a word's use as adverb or closed-class word from which it is general. 0.3–0.6: lower lets adjectives ("gratis") through as filler. */
  generalShare: 0.4,
  /** Weight of a general word in coverage. 0–0.2: above 0 filler counts against a question again. */
  generalWeight: 0,
  /** Weight of an off-domain topic word relative to a domain word. 0.5–1.5. */
  topicWeight: 1,
  /** Share of passages from which a known word is flagged `common` in the evidence. 0.1–0.5. */
  commonShare: 0.25,
};

/** Options of {@link classifyWord}. */
export type GeneralWordOptions = typeof GENERAL_WORD_DEFAULTS;

/** What a word is to the question. */
export type WordKind = 'domain' | 'general' | 'topic' | 'typo-candidate';

/** What the classifier can ask about a word; all injected (the loaders are in `dictionaries.ts`). */
export interface WordContext {
  /** Passages of the index (either language) that contain the folded word; 0 when unknown. */
  documentFrequency: (word: string) => number;
  /** Passages in the index, for the `common` share. */
  passages: number;
  /** Dictionary check per language. */
  isWordIn: (word: string, lang: Lang) => boolean;
  /** True when the language's dictionary has the word only as a name (capitalised): a name is a topic, never filler. */
  isNameIn?: (word: string, lang: Lang) => boolean;
  /** Word classes per language (WordNet for en, Hunspell entries for nl). */
  pos: Partial<Record<Lang, (word: string) => PosProfile | undefined>>;
  /** True when the typo step has a correction for the word. */
  hasCorrection?: (word: string) => boolean;
  /** True when a maintained stop-word list of the language has the word (a pronoun, a particle: "iets", "else"). */
  isFunctionWord?: (word: string, lang: Lang) => boolean;
}

/** The class of a word and why. */
export interface WordClass {
  word: string;
  kind: WordKind;
  /** What the word weighs in coverage relative to a domain word (typo candidates: the engine uses the correction's weight). */
  weight: number;
  evidence: {
    df: number;
    common?: boolean;
    /** Languages whose dictionary accepts it. */
    dictionary: Lang[];
    /** Adverb/closed-class share per accepting language. */
    generalShare?: Partial<Record<Lang, number>>;
    /** Languages whose stop-word list has the word. */
    functionWord?: Lang[];
  };
}

/** Share of a profile's use as adverb or closed-class word (for Dutch, adjectives count as adverbs). */
export function generalShareOf(p: PosProfile, lang: Lang): number {
  const generalish = p.adv + p.closed + (lang === 'nl' ? p.adj : 0);
  const total = posTotal(p);
  return total === 0 ? 1 : generalish / total;
}

/** Classifies one folded question word (stop words are the analyzer's business and should not reach here). */
export function classifyWord(word: string, context: WordContext, options: Partial<GeneralWordOptions> = {}): WordClass {
  const opt = { ...GENERAL_WORD_DEFAULTS, ...options };
  const df = context.documentFrequency(word);
  if (df > 0) {
    const common = context.passages > 0 && df / context.passages >= opt.commonShare;
    return { word, kind: 'domain', weight: 1, evidence: { df, dictionary: [], ...(common ? { common } : {}) } };
  }
  const dictionary = (['nl', 'en'] as const).filter((l) => /^\p{L}+$/u.test(word) && context.isWordIn(word, l));
  // A function word is closed-class whatever a dictionary entry's flags say ("iets" inflects like a noun).
  const functionWord = (['nl', 'en'] as const).filter((l) => context.isFunctionWord?.(word, l));
  if (functionWord.length > 0) return { word, kind: 'general', weight: opt.generalWeight, evidence: { df, dictionary, functionWord } };
  if (dictionary.length === 0) {
    const kind: WordKind = context.hasCorrection?.(word) ? 'typo-candidate' : 'topic';
    return { word, kind, weight: kind === 'topic' ? opt.topicWeight : 1, evidence: { df, dictionary } };
  }
  // A word is general when it is general in a language that has it ("even": an English adverb, a Dutch particle).
  // A Dutch entry without flags for a word English also has is a loan word, not a particle ("free", "football"):
  // then only the English classes count.
  const generalShare: Partial<Record<Lang, number>> = {};
  for (const lang of dictionary) {
    const known = context.pos[lang]?.(word);
    // A dictionary word without a word class is closed-class (hey, nou), unless the dictionary has it only as a name.
    const p = known ?? (context.isNameIn?.(word, lang) ? { noun: 1, verb: 0, adj: 0, adv: 0, closed: 0 } : { noun: 0, verb: 0, adj: 0, adv: 0, closed: 1 });
    if (lang === 'nl' && dictionary.includes('en') && p.closed === 1 && p.noun + p.verb + p.adj === 0) continue;
    generalShare[lang] = Math.round(generalShareOf(p, lang) * 100) / 100;
  }
  const best = Math.max(0, ...Object.values(generalShare));
  const general = best >= opt.generalShare;
  return { word, kind: general ? 'general' : 'topic', weight: general ? opt.generalWeight : opt.topicWeight, evidence: { df, dictionary, generalShare } };
}
