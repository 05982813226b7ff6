/**
 * Question understanding, as explicit steps over the question's folded tokens: focus (long pastes) →
 * products named (mistyped name words read as the name's, `productSpelling.ts`; longest match,
 * `products.ts`) → language (`detectLanguage.ts`) → typos (`typos.ts`) → word classes of words no page
 * uses (`generalWords.ts`) → concepts with their alternative forms (`expand.ts`). Words no page uses are not concepts: chat filler is ignored, an off-domain topic word is
 * recorded (the gate refuses), and none of them weighs against a good match.
 */
import { isListedFunctionWord, isStopWord, stem as stemOf, stopWordLanguage, tokenize } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import { LANGS, type Lang } from '../types';
import { detectLanguage, type LanguageDecision } from './detectLanguage';
import { Alternatives, conceptWeight, expandWord, glossaryLookup, knownForm, otherLang, type Alternative } from './expand';
import { focusOf } from './focus';
import { classifyWord, GENERAL_WORD_DEFAULTS, type WordClass } from './generalWords';
import type { ProductMatch } from './products';
import { posTotal, type PosLookup, type PosProfile } from './dictionaries';
import { languageResources, resourcesOf } from './resources';
import type { Tuning } from './tuning';
import { correctTokens } from './typos';
import { asideWords } from './asideWords';
import { statementWords } from './statementWords';
import { mergeProducts, namedProducts } from './namedProducts';
import { usedOnDeclaredPages } from './declaredVocabulary';
import { writtenNames } from './writtenNames';

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
  /** A known word that is chat language (an adverb or particle: "still", "nou"): ranks a little, never decides. */
  general: boolean;
  /** Known only to bulk pages (see `declaredVocabulary.ts`): ranks, but the gate reads it like a word no page uses. */
  bulkOnly: boolean;
  /** The word itself is in a quarter or more of its language's passages ("data", "gegevens"): on its own it asks nothing specific. */
  common: boolean;
  /** Counts for the abstention gate. */
  gate: boolean;
}

/** The analysed question. */
export interface QueryPlan {
  /** The language the question is written in (its words are analysed in it). */
  lang: Lang;
  /** Why that language. */
  language: LanguageDecision;
  concepts: Concept[];
  /** Documents whose product the question names ("… Cloud App Security …"). */
  namedDocs: Set<string>;
  /** Products the question names that no page covers (Teams, Sentinel, …), as the corpus writes them. */
  foreignProducts: string[];
  /** Those of them said in the question itself, not only in a statement before it (see `statementWords.ts`). */
  askedForeign: string[];
  /** Every product name found. */
  products: ProductMatch[];
  /** Words no page uses that carry a topic of their own (not chat filler). */
  offTopic: string[];
  /** How much the off-topic words weigh together (a noun fully, a verb or adjective less: nouns name topics). */
  offTopicWeight: number;
  /** Words no page uses that are chat filler: ignored. */
  filler: string[];
  /** Words no page uses that could be classified neither way. */
  unknown: string[];
  /** Typo corrections made: word → target. */
  corrections: { word: string; target: string; weight: number }[];
  /** Word classes of the words no page uses, for explain. */
  classes: WordClass[];
  /** Set when only part of the text weighs fully: its question sentences (a long paste), or all but the words after its question (see `focus.ts`). */
  focused?: 'paste' | 'after';
}

/** True when a name holds a function word of `lang` that the other language does not have ("voor" in "Defender voor Eindpunt"). */
function isTranslatedName(name: string, lang: Lang): boolean {
  return tokenize(name).some((w) => stopWordLanguage(w) === lang);
}

/** Question words after which the next content word is the thing asked for. */
const FOCUS_CUES = new Set(['which', 'welke', 'welk', 'hoeveel']);

/**
 * A question word's class, in the question's language first and else in the other: Dutch "zit" is a verb,
 * English "zit" a noun.
 */
function classOf(word: string, lang: Lang, pos: Partial<Record<Lang, PosLookup>>): PosProfile | undefined {
  return pos[lang]?.(word) ?? pos[otherLang(lang)]?.(word);
}

/** Share of a word's use (by its word class) that is adverb or function word; undefined when no class is known. */
function adverbShare(word: string, lang: Lang, pos: Partial<Record<Lang, PosLookup>>): number | undefined {
  const p = classOf(word, lang, pos);
  if (!p) return undefined;
  const total = posTotal(p);
  return total > 0 ? (p.adv + p.closed) / total : undefined;
}

/** A known word that is chat language: mostly used as an adverb or function word ("still", "even", "nou", "up"). */
function isChatWord(word: string, lang: Lang, pos: Partial<Record<Lang, PosLookup>>): boolean {
  return (adverbShare(word, lang, pos) ?? 0) >= 0.5;
}

/** What an off-topic word weighs: its share of use as a noun (a word without a known class counts fully). */
function topicWeightOf(word: string, lang: Lang, pos: Partial<Record<Lang, PosLookup>>): number {
  const p = classOf(word, lang, pos);
  if (!p) return 1;
  const total = posTotal(p);
  return total > 0 ? p.noun / total : 1;
}

/** Options of {@link planQuery}. */
export interface PlanOptions {
  /** A language the user chose: it wins over detection. */
  explicit?: Lang;
  /** Breaks a tie in detection (a client locale). */
  fallback?: Lang;
}

/** Analyses a question for retrieval. Never throws; an empty or all-stop-word question gives no concepts. */
export function planQuery(question: string, index: SearchIndex, tuning: Tuning, options: PlanOptions = {}): QueryPlan {
  const { focus, context, rule } = focusOf(question, tuning);
  const resources = resourcesOf(index);
  const shared = languageResources();
  const pos = resources.pos;
  const lookup = glossaryLookup(index.glossary);
  const stop = (w: string) => isStopWord(w, lang) || isStopWord(w, otherLang(lang));
  const focusText = focus.slice(0, tuning.maxChars);
  const tokens = tokenize(focusText);
  const surface = (w: string) => (index.langs.nl?.words.has(w) ?? false) || (index.langs.en?.words.has(w) ?? false);
  const isKnownWord = (w: string) => surface(w) || shared.dictionaries.isWord(w);
  const products = namedProducts(focusText, tokens, index, resources.typos, isKnownWord);
  const inProduct = products.inProduct;
  const statements = statementWords(focusText);
  // A catalogue product the question names counts as asked about unless every word of its name stands only
  // in a statement before the question. Read before the words after the question are merged in: their
  // positions are in the after-words, and like a statement they say where the asker stands.
  const askedForeign: string[] = [];
  for (const m of products.matches) {
    if (m.foreign && !tokens.slice(m.start, m.end).every((t) => statements.has(t)) && !askedForeign.includes(m.name)) askedForeign.push(m.name);
  }
  // Words after the question may name what it is about ("… bewaard? Het gaat om Cloud App Security."):
  // their products count as the question's own when the question names none.
  const contextTokens = tokenize(context);
  const after = rule === 'after' ? namedProducts(context, contextTokens, index, resources.typos, isKnownWord) : undefined;
  if (after) mergeProducts(products, after);
  // An alias is evidence of its language only when it holds that language's words ("Defender voor Eindpunt"):
  // an acronym or an English term ("MCAS", "CASB") is written so in Dutch questions too.
  const aliasLangs = products.matches.flatMap((m) => (m.lang && isTranslatedName(m.name, m.lang) ? [m.lang] : []));
  const language = detectLanguage(tokens, {
    vocabulary: resources.vocabulary,
    productSpans: products.spans,
    aliasLangs,
    isWordIn: (w, l) => shared.dictionaries.isWordIn(w, l),
    explicit: options.explicit,
    fallback: options.fallback,
  });
  const lang = language.lang;
  const plan: QueryPlan = {
    lang,
    language,
    concepts: [],
    namedDocs: products.named,
    foreignProducts: products.foreign,
    askedForeign,
    products: products.matches,
    offTopic: [],
    offTopicWeight: 0,
    filler: [],
    unknown: [],
    corrections: [],
    classes: [],
    focused: rule,
  };
  // Each word's forms are worked out once per question (the typo step asks too).
  const expansions = new Map<string, Alternative[]>();
  const expand = (w: string) => {
    let alts = expansions.get(w);
    if (!alts) expansions.set(w, (alts = expandWord(w, lang, index, lookup, tuning)));
    return alts;
  };
  const known = (w: string) => surface(w) || (!stop(w) && knownForm(index, expand(w)));
  const wordContext = {
    documentFrequency: resources.documentFrequency,
    passages: index.passages.length,
    isWordIn: (w: string, l: Lang) => shared.dictionaries.isWordIn(w, l),
    isNameIn: (w: string, l: Lang) => shared.dictionaries.isNameIn(w, l),
    // The stop lists, and the lexicon's closed-class and chat words ("btw", "whatever").
    isFunctionWord: (w: string, l: Lang) => isListedFunctionWord(w, l) || (index.lexicon?.isFunctionWord(w, l) ?? false),
    pos,
  };
  // Read only when a word no page uses needs it (most questions have none).
  let names: Map<string, string> | undefined;
  const asides = asideWords(focusText, tokens.length, (w, i) => inProduct.has(i) || known(w), stop);
  const seen = new Set<string>();
  const push = (c: Omit<Concept, 'gate' | 'general' | 'bulkOnly' | 'common'> & { general?: boolean; bulkOnly?: boolean; common?: boolean }) => {
    if (plan.concepts.length < tuning.maxConcepts) plan.concepts.push({ general: false, bulkOnly: false, common: false, ...c, gate: false });
  };
  // A name the asker wrote that no page writes is a product the pages do not cover ("Where does Zoom
  // store …"); a place is not ("… in Nederland?" asks where the data is).
  const noteName = (word: string) => {
    const name = (names ??= writtenNames(focusText)).get(word);
    if (name && !shared.isPlace(word) && !plan.foreignProducts.includes(name)) {
      plan.foreignProducts.push(name);
      if (!statements.has(word)) plan.askedForeign.push(name);
    }
  };
  const classifyUnused = (word: string) => {
    const cls = classifyWord(word, { ...wordContext, documentFrequency: () => 0 });
    plan.classes.push(cls);
    if (cls.kind === 'general' || asides.has(word)) {
      plan.filler.push(word);
      return;
    }
    noteName(word);
    // Said only in a statement before the question: where the asker stands, not what is asked.
    if (statements.has(word)) {
      plan.filler.push(word);
      return;
    }
    if (cls.kind === 'topic') {
      plan.offTopic.push(word);
      plan.offTopicWeight += topicWeightOf(word, lang, pos);
    } else plan.unknown.push(word);
  };

  const analyse = (words: string[], isContext: boolean, productAt: (i: number) => boolean) => {
    const share = isContext ? tuning.contextShare : 1;
    if (share <= 0) return;
    let folded = ` ${words.map((w, i) => (productAt(i) ? `§${w}` : w)).join(' ')} `;
    for (const { text: phrase, entry } of lookup.phrases) {
      if (!folded.includes(` ${phrase} `)) continue;
      folded = folded.split(` ${phrase} `).join(' ');
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      const alts = new Alternatives();
      alts.putEntry(entry, tuning.glossaryPhrase, 'glossary');
      const list = alts.list();
      push({ word: phrase, weight: share * (conceptWeight(index, list, tuning) ?? 1), alts: list, context: isContext, cue: false, product: false });
    }
    const rest = folded.split(' ').filter(Boolean);
    // Question words that imply a concept ("where" asks for a location) add it at a modest weight.
    const addCues = (token: string, strength: number) => {
      for (const entry of lookup.cues.get(`${lang}:${token}`) ?? []) {
        if (seen.has(`cue:${token}`)) continue;
        seen.add(`cue:${token}`);
        const alts = new Alternatives();
        alts.putEntry(entry, tuning.cueForm, 'cue');
        push({ word: token, weight: tuning.cueWeight * strength, alts: alts.list(), context: false, cue: true, product: false });
      }
    };
    if (!isContext) for (const token of rest) addCues(token, 1);
    const plain = rest.map((t) => t.replace(/^§/, ''));
    const corrections = isContext
      ? []
      : correctTokens(plain, resources.typos, { known, isWord: (w) => shared.dictionaries.isWord(w), skip: (w, i) => stop(w) || rest[i].startsWith('§') || w.length < 2 });
    // A mistyped question word implies its concept as the word would ("wher is … stored?"), as strongly as the correction is likely.
    for (const fix of corrections) for (const c of fix.corrections) addCues(c.target, c.weight);
    const correctionAt = new Map(corrections.map((c) => [c.start, c]));
    let previous = '';
    for (let i = 0; i < rest.length; i++) {
      const isProduct = rest[i].startsWith('§');
      const word = plain[i];
      const after = previous;
      previous = word;
      // Single letters are left-overs of possessives and abbreviations ("engineer's"), not content.
      if (word.length < 2 && !/\d/.test(word)) continue;
      const fix = correctionAt.get(i);
      if (fix) {
        // A typo ("opgeslagn") or two words that belong together ("bewaart ermijn"): the corrections' forms at reduced weight.
        const alts = new Alternatives();
        for (const c of fix.corrections) {
          for (const a of expand(c.target)) alts.put({ ...a, weight: a.weight * c.weight * tuning.typoForm, via: 'typo' });
          plan.corrections.push({ word: fix.word, target: c.target, weight: c.weight });
        }
        const list = alts.list();
        const weight = conceptWeight(index, list, { ...tuning, weightFormsFrom: 0 });
        if (weight !== undefined && !seen.has(fix.word)) {
          seen.add(fix.word);
          push({ word: fix.word, weight: share * weight, alts: list, context: isContext, cue: false, product: false });
        }
        i = fix.end - 1;
        continue;
      }
      if (seen.has(word) || stop(word)) continue;
      seen.add(word);
      const alts = expand(word);
      // A word known only through a weak form (a compound part) still weighs by that form.
      const weight = knownForm(index, alts) ? (conceptWeight(index, alts, tuning) ?? conceptWeight(index, alts, { ...tuning, weightFormsFrom: 0 })) : undefined;
      if (weight === undefined) {
        // A product's own name is resolved already; that the pages do not spell it out is no gap. A name in
        // the words after a question is read only from the catalogue: there it is as often a signature ("thanks, Anja").
        if (isProduct || isContext) continue;
        classifyUnused(word);
        continue;
      }
      // Known, but only to bulk pages: the gate reads it as the curated pages alone would.
      const bulkOnly = !isProduct && !isContext && index.hasBulkPages && !alts.some((a) => usedOnDeclaredPages(index, a.lang, a.stem));
      if (bulkOnly) classifyUnused(word);
      // Known only through a translation or a synonym, never written by a page itself ("Exchange" →
      // "uitwisseling"): written as a name, it names something else, as a word no page uses does.
      else if (!isProduct && !isContext && !LANGS.some((l) => usedOnDeclaredPages(index, l, stemOf(word, l)))) noteName(word);
      // A known word of chat language ("still", "even"): mostly an adverb or function word by its word class.
      const general = !isProduct && !isContext && isChatWord(word, lang, pos);
      // "In which regions …", "Welke certificeringen …": the word after which/welke names what is asked for.
      const boost = FOCUS_CUES.has(after) ? tuning.focusBoost : 1;
      const role = general ? tuning.generalShare : isProduct ? tuning.productWordShare : 1;
      const li = index.langs[lang];
      const common = li !== undefined && li.passages > 0 && (li.df.get(stemOf(word, lang)) ?? 0) / li.passages >= GENERAL_WORD_DEFAULTS.commonShare;
      push({ word, weight: share * boost * weight * role, alts, context: isContext, cue: false, product: isProduct, general, bulkOnly, common });
    }
  };
  analyse(tokens, false, (i) => inProduct.has(i));
  if (context) analyse(contextTokens, true, (i) => after?.inProduct.has(i) ?? false);
  // The gate judges what is asked about the product; a question that is only a name ("Customer Lockbox?") is about the name.
  const asked = plan.concepts.some((c) => !c.context && !c.product && !c.general && !c.bulkOnly);
  for (const c of plan.concepts) {
    c.gate = !c.context && !c.general && !c.bulkOnly && (!c.product || !asked);
    if (c.product && !asked && tuning.productWordShare > 0) c.weight /= tuning.productWordShare;
  }
  return plan;
}
