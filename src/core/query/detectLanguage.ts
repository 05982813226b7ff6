/**
 * Language: is the question Dutch or English? Decided from three kinds of evidence over the question's
 * folded tokens, after the product names are taken out (they are English in both languages: "Welke
 * gegevens verzamelt Defender for Endpoint?" is Dutch):
 * - function words, frequent in one language and rare in the other, and the stop words of one language's
 *   analyzer only (a stop word of both, "is", "in", is no evidence);
 * - the index vocabulary: a word only one language's passages use, and how much more often one
 *   language's passages use its stem (a unigram language model of each side of the index), so keyword
 *   questions without function words work ("mcas retentie" is Dutch, "data location mde" English);
 * - a product alias declared for one language that holds words of it ("Defender voor Eindpunt"; the plan
 *   leaves out acronyms and English terms such as "MCAS" or "CASB", which Dutch questions write too).
 * For words neither vocabulary knows: the Hunspell dictionaries (a word only one language accepts) and
 * compounds of one language's words ("gegevenslocatie"). Spelling patterns of Dutch words (ij, oe, sch, ge…d) count a little for words neither vocabulary knows.
 * An explicit language wins; a clear lead of the function words (the sentence frame) decides next, so a
 * Dutch question full of English terms stays Dutch; the fallback (a client locale) breaks ties. The counts are returned so
 * `explain` can show why.
 */
import { isStopWord, splitCompound, stem as stemOf, stopWordLanguage } from '../analyzer';
import type { Lang } from '../types';

/** Tunable numbers of language detection, with their effect and sane range. */
export const LANGUAGE_DEFAULTS = {
  /** Evidence of one function word. Keep at 1: the other weights are relative to it. */
  functionWord: 1,
  /** A word that occurs in one language's passages only. 0.5–1.5. */
  vocabularyWord: 1,
  /** Most evidence from the stem frequency ratio of one word. 0.25–1. */
  stemRatio: 0.75,
  /** Frequency ratio (one language over the other) that gives the full `stemRatio`. 4–64. */
  stemRatioCap: 16,
  /**
   * A stop word of one language's analyzer only (its own short lists in `analyzer.ts`: "an", "if", "so"
   * English; "op", "uit" Dutch). A stop word of both ("is", "in", "we") is no evidence either way. 0.5–1.
   */
  stopWord: 0.75,
  /** A product alias declared for one language. 0.5–1.5. */
  alias: 1,
  /** A word neither vocabulary knows that one language's dictionary accepts and the other does not ("retentie"). 0.5–1. */
  dictionaryWord: 0.75,
  /** A word neither vocabulary knows that splits into two words of one language's vocabulary (a Dutch compound). 0.5–1. */
  compound: 0.75,
  /** A word neither vocabulary knows, spelled the Dutch way (ij, oe, ui, aa, sch, cht, eu). 0.1–0.5. */
  dutchSpelling: 0.25,
  /** A word neither vocabulary knows shaped like a Dutch past participle (gecertificeerd). 0.25–1. */
  dutchParticiple: 0.5,
  /** Smallest lead that decides; below it the fallback does. 0–1. */
  minMargin: 0.25,
  /**
   * Lead in function-word evidence (the sentence frame) from which it decides alone: "Welke data exposed
   * MCAS naar onze SIEM?" is Dutch, however many English terms it holds. 1.5–4; higher lets content words
   * outvote the frame again.
   */
  frameLead: 2,
};

/** Options of {@link detectLanguage}. */
export type LanguageOptions = typeof LANGUAGE_DEFAULTS;

// Words that are frequent in one language and rare in the other; words both share ("is", "in", "data") are left out.
const FUNCTION_WORDS: Record<Lang, ReadonlySet<string>> = {
  nl: new Set(
    ('de het een van wat hoe waar wie welke welk waarom wanneer hoeveel worden wordt werd mijn onze ons uw jullie ik zijn ' +
      'bij voor met gegevens kan kunnen er niet naar deze dit die dat als ook hebben heeft gebruikt gebruik lang bewaard ' +
      'opgeslagen waar wij we je jij mag moet mogen moeten zou zouden over tussen andere klanten na tot nog welke ' +
      'alleen geen maar dan hier daar mij gaat doet doen krijg krijgen zit zitten staat verwijderd gedeeld versleuteld').split(' '),
  ),
  en: new Set(
    ('the what how where who which are my our does do did can will of to for with stored kept when why be it this ' +
      'that from your you i we us they their have has been should would could there about after other customers between ' +
      'only not no but than here get gets used use using long deleted shared encrypted keep keeps store stores much many').split(' '),
  ),
};

/** What the detector reads of the index: per language its folded surface words, stem document frequencies, passage count. */
export interface LanguageVocabulary {
  words: Partial<Record<Lang, { has(word: string): boolean }>>;
  df?: Partial<Record<Lang, { get(stem: string): number | undefined }>>;
  passages?: Partial<Record<Lang, number>>;
}

/** Evidence of one token. */
export interface WordEvidence {
  word: string;
  nl: number;
  en: number;
  why: ('function' | 'vocabulary' | 'stem' | 'dictionary' | 'compound' | 'spelling')[];
}

/** The decision and why. */
export interface LanguageDecision {
  lang: Lang;
  /** `frame`: the function words alone (see `frameLead`); `text`: all the evidence. */
  decidedBy: 'explicit' | 'frame' | 'text' | 'fallback';
  nl: number;
  en: number;
  words: WordEvidence[];
}

/** Input besides the tokens. */
export interface LanguageInput {
  vocabulary?: LanguageVocabulary;
  /** Token spans `[start, end)` of product names: left out. */
  productSpans?: readonly (readonly [number, number])[];
  /** Languages of the product aliases found (one entry per alias declared for one language). */
  aliasLangs?: readonly Lang[];
  /** Dictionary check of one language (see `dictionaries.ts`); asked only for words neither vocabulary knows. */
  isWordIn?: (word: string, lang: Lang) => boolean;
  /** A language the user chose: it wins. */
  explicit?: Lang;
  /** Used when the evidence does not decide (a client locale, or the default); en when absent. */
  fallback?: Lang;
}

const LANG_PAIR: readonly Lang[] = ['nl', 'en'];

function wordEvidence(w: string, input: LanguageInput, opt: LanguageOptions): WordEvidence {
  const vocabulary = input.vocabulary;
  const e: WordEvidence = { word: w, nl: 0, en: 0, why: [] };
  for (const lang of LANG_PAIR) {
    if (FUNCTION_WORDS[lang].has(w)) {
      e[lang] += opt.functionWord;
      if (!e.why.includes('function')) e.why.push('function');
    }
  }
  if (e.why.length > 0 || /^\p{N}+$/u.test(w)) return e;
  // An analyzer drops its stop words from the index, so their frequencies there say nothing: a stop word is
  // evidence for the language whose list has it, and none when both lists have it.
  if (isStopWord(w, 'nl') || isStopWord(w, 'en')) {
    const only = stopWordLanguage(w);
    if (only) {
      e[only] += opt.stopWord;
      e.why.push('function');
    }
    return e;
  }
  const has = (lang: Lang) => vocabulary?.words[lang]?.has(w) ?? false;
  const nlHas = has('nl');
  const enHas = has('en');
  if (nlHas !== enHas) {
    e[nlHas ? 'nl' : 'en'] += opt.vocabularyWord;
    e.why.push('vocabulary');
  }
  const df = vocabulary?.df;
  if (df?.nl && df.en && vocabulary?.passages?.nl && vocabulary.passages.en) {
    const p = (lang: Lang) => ((df[lang]?.get(stemOf(w, lang)) ?? 0) + 0.5) / ((vocabulary.passages?.[lang] ?? 0) + 1);
    const ratio = Math.log(p('nl') / p('en')) / Math.log(opt.stemRatioCap);
    const r = Math.max(-1, Math.min(1, ratio)) * opt.stemRatio;
    if (Math.abs(r) > 0.05) {
      e[r > 0 ? 'nl' : 'en'] += Math.abs(r);
      e.why.push('stem');
    }
  }
  if (!nlHas && !enHas && /^\p{L}+$/u.test(w)) {
    // Acronyms (gdpr, mfa) are spelled the same in both languages: only longer words ask the dictionary.
    if (input.isWordIn && w.length >= 5) {
      const inNl = input.isWordIn(w, 'nl');
      if (inNl !== input.isWordIn(w, 'en')) {
        e[inNl ? 'nl' : 'en'] += opt.dictionaryWord;
        e.why.push('dictionary');
      }
    }
    for (const lang of LANG_PAIR) {
      const known = vocabulary?.words[lang];
      if (known && splitCompound(w, (x) => known.has(x)).length > 0) {
        e[lang] += opt.compound;
        e.why.push('compound');
        break;
      }
    }
    let s = 0;
    if (/ij|oe|ui|aa|sch|cht|eu/.test(w)) s += opt.dutchSpelling;
    if (/^ge\p{L}{4,}[dt]$/u.test(w)) s += opt.dutchParticiple;
    if (s > 0) {
      e.nl += s;
      e.why.push('spelling');
    }
  }
  return e;
}

/**
 * Decides nl or en for a question's folded tokens. Never throws; without evidence it returns the
 * fallback (default en).
 */
export function detectLanguage(tokens: readonly string[], input: LanguageInput = {}, options: Partial<LanguageOptions> = {}): LanguageDecision {
  const opt = { ...LANGUAGE_DEFAULTS, ...options };
  const inProduct = (i: number) => (input.productSpans ?? []).some(([s, e]) => i >= s && i < e);
  const words: WordEvidence[] = [];
  let nl = 0;
  let en = 0;
  // The sentence frame: evidence of function words only.
  let frame = 0;
  tokens.forEach((w, i) => {
    if (!w || inProduct(i)) return;
    const e = wordEvidence(w, input, opt);
    nl += e.nl;
    en += e.en;
    if (e.why.includes('function')) frame += e.nl - e.en;
    if (e.nl > 0 || e.en > 0) words.push(e);
  });
  for (const lang of input.aliasLangs ?? []) {
    if (lang === 'nl') nl += opt.alias;
    else en += opt.alias;
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  const base = { nl: round(nl), en: round(en), words };
  if (input.explicit) return { lang: input.explicit, decidedBy: 'explicit', ...base };
  // A question is in the language of its frame, whatever terms it borrows (test/fixtures/README.md, "lang").
  if (Math.abs(frame) >= opt.frameLead) return { lang: frame > 0 ? 'nl' : 'en', decidedBy: 'frame', ...base };
  if (Math.abs(nl - en) < opt.minMargin || (nl === 0 && en === 0)) return { lang: input.fallback ?? 'en', decidedBy: 'fallback', ...base };
  return { lang: nl > en ? 'nl' : 'en', decidedBy: 'text', ...base };
}
