/**
 * Every tunable number of the query pipeline, in one documented object (after minisearch's
 * `defaultSearchOptions`). Each field says what it does and a sane range; `answer()` takes a partial
 * override, so experiments and the calibration script need no code change.
 */

/** The tunable numbers of question analysis, ranking, the abstention gate and composition. */
export interface Tuning {
  // ── question analysis (plan.ts, expand.ts, focus.ts) ──────────────────────────────────────────
  /** Longest question text analysed after focusing, in characters. Range 200–1000. */
  maxChars: number;
  /** Most concepts taken from one question. Range 8–24. */
  maxConcepts: number;
  /** A question longer than this (characters) is a paste: its question sentences are the focus. Range 200–600. */
  focusAbove: number;
  /** Weight of a concept from the rest of a paste, relative to one from its question sentences. Range 0–0.5. */
  contextShare: number;
  /** Weight of the same word read in the other language (names, loan words). Range 0.6–1. */
  otherLanguageForm: number;
  /** Weight of a Dutch compound's parts. Range 0.4–0.8. */
  compoundPart: number;
  /**
   * Weight of a Dutch compound whose parts are all in a passage ("locatie van gegevens" for
   * "gegevenslocatie"); `compoundPart` or below leaves one part's weight. Range 0.6–1.
   */
  compoundWhole: number;
  /** Weight of a glossary word related to a question word. Range 0.5–0.9. */
  glossaryForm: number;
  /** Weight of a glossary phrase's words when the phrase itself is in the question. Range 0.7–1. */
  glossaryPhrase: number;
  /** Weight of a concept's forms implied by a question word ("where" → location). Range 0.5–0.9. */
  cueForm: number;
  /**
   * Weight of a concept implied by a question word ("where" → location), in idf units. The question word
   * names what is asked for, so it weighs like a specific content word rather than a common one: at 1.5
   * "where do you keep our data" ranked retention ("keep") over location. Range 0.5–4.
   */
  cueWeight: number;
  /** Weight of a learned translation (lexicon) of a question word, times the root of its learned score. Range 0.5–1. */
  lexiconForm: number;
  /** Weight of a pivot paraphrase (same language, through the other), times the root of its score. Range 0.4–0.9. */
  pivotForm: number;
  /** Weight of a WordNet synonym of a question word, times the root of its score. Range 0.4–0.8. */
  wordnetForm: number;
  /** Weight of a typo correction's forms, times the correction's own weight (1 − 0.3 per edit). Range 0.5–1. */
  typoForm: number;
  /**
   * Ranking weight of the words of a product name the question uses: the name is already a page
   * constraint (see `product`), so its words need not also be found in the passage. Range 0.1–1.
   */
  productWordShare: number;
  /** Ranking weight of a known word of chat language ("still", "eigenlijk"), which never counts in the gate. Range 0–0.5. */
  generalShare: number;
  /** Only forms at least this strong decide a concept's weight (its idf). Range 0.5–0.9. */
  weightFormsFrom: number;
  /** Boost of the content word after which/welke/hoeveel: the thing asked for. Range 1–2. */
  focusBoost: number;
  /**
   * How far a concept's weight (idf) moves from the index's own towards the background collection's
   * (`background.json`, learned from the aligned sentences of content/ and the 783-page tree; geometric
   * interpolation). 0 = the index alone: in four pages, "one" and "staan" look as rare as "Lockbox". Range 0–1.
   */
  backgroundIdf: number;

  // ── ranking (retrieve.ts, rank.ts) ────────────────────────────────────────────────────────────
  /** Bonus per unit of question weight found in the section heading. Range 0–0.6. */
  heading: number;
  /** Weight of lunr's own (BM25) score, normalised to the best candidate. Range 0–0.5. */
  lunr: number;
  /** Bonus for a page whose product the question names; the same is taken from other named products' pages. Range 0–0.5. */
  product: number;
  /**
   * Bonus for a page the manifest declares with product names (the curated privacy pages) over pages of a
   * bulk tree source, which are breadth, not the bot's subject. 0 on a corpus of declared pages only. Range 0–0.2.
   */
  declaredPage: number;
  /** Multiplier for a passage in the other language than the question (1 = no preference). Range 0.9–1. */
  otherLanguage: number;
  /** The other language is searched too when the best own-language coverage is below this. Range 0.5–1. */
  otherLanguageBelow: number;
  /** Bonus for the first passage of a section: docs state the answer first and qualify it after. Range 0–0.1. */
  lead: number;
  /** Candidates taken from lunr per language. Range 10–100. */
  candidates: number;
  /** Most postings (passages per term, summed) lunr walks to find candidates. Range 200–2000. */
  postingsBudget: number;
  /**
   * Terms in more than this share of a language's passages do not find candidates. Range 0.1–1; 1 leaves
   * the postings budget as the only limit. On four pages a share of 0.1 (about 15 passages) kept "klant" and
   * "ander" out, so "Worden gegevens gedeeld met andere klanten?" was never scored; on the 783-page tree the
   * budget binds first either way.
   */
  maxDfShare: number;
  /** Most terms in one lunr query. Range 6–30. */
  queryTerms: number;

  // ── the abstention gate (decide.ts) ───────────────────────────────────────────────────────────
  /** Least total weight (idf) of the question's known concepts: "data" alone is too vague. Range 1–3. */
  minSpecificity: number;
  /** Gate: weight of the known-concept coverage (by idf weight) of the best section. */
  gateCoverage: number;
  /** Gate: weight of the share of the question's concepts (by count) the best section contains. */
  gateMatched: number;
  /** Gate: weight of the heading's agreement with the question. */
  gateHeading: number;
  /**
   * Gate: weight of the margin over the best other page (0–1), times the section's coverage: a lead
   * over nothing (a single candidate page) says which page, not that it answers. */
  gateMargin: number;
  /** The best section answers when its gate score is at least this (calibrate with `privacy-bot calibrate`). Range 0.3–0.8. */
  gateThreshold: number;
  /**
   * Gate: an unclassified unknown word counts against coverage as this share of the question's mean
   * known-concept weight (scale-free: it does not grow with the corpus). Range 0–1.
   */
  unknownShare: number;
  /**
   * Gate: an off-domain topic word (a noun or verb no page uses: "price", "recipe") counts against coverage
   * as this share of the question's mean known-concept weight. Range 0.5–2.
   */
  topicShare: number;

  // ── composition (compose.ts, extract.ts) ──────────────────────────────────────────────────────
  /** A same-page section in the reply language within this share of the top score is quoted instead. Range 0.8–1. */
  ownLanguageShare: number;
  /** Pages whose best section scores at least this share of the top get a line of their own. Range 0.6–0.95. */
  multiShare: number;
  /** Further sections listed as "see also" score at least this share of the top. Range 0.4–0.8. */
  seeAlsoShare: number;
  /** Most lines (products) in one answer. Range 1–6. */
  maxLines: number;
  /** Most citations listed (lines plus see-also). Range 1–6. */
  maxCitations: number;
}

/** The defaults; calibrated on test/fixtures/questions.train.jsonl (see README, "Measuring"). */
export const DEFAULT_TUNING: Readonly<Tuning> = Object.freeze({
  maxChars: 600,
  maxConcepts: 16,
  focusAbove: 300,
  contextShare: 0.2,
  otherLanguageForm: 0.85,
  compoundPart: 0.6,
  compoundWhole: 0.9,
  glossaryForm: 0.75,
  glossaryPhrase: 0.9,
  cueForm: 0.8,
  cueWeight: 3,
  lexiconForm: 0.9,
  pivotForm: 0.7,
  wordnetForm: 0.6,
  typoForm: 1,
  generalShare: 0.3,
  productWordShare: 0.5,
  weightFormsFrom: 0.7,
  focusBoost: 1.5,
  backgroundIdf: 0.5,

  heading: 0.3,
  lunr: 0.2,
  product: 0.25,
  declaredPage: 0.15,
  otherLanguage: 1,
  otherLanguageBelow: 0.9,
  lead: 0.05,
  candidates: 30,
  postingsBudget: 250,
  maxDfShare: 1,
  queryTerms: 20,

  minSpecificity: 1.5,
  gateCoverage: 0.3,
  gateMatched: 0.7,
  gateHeading: 0,
  gateMargin: 0.2,
  gateThreshold: 0.38,
  unknownShare: 1,
  topicShare: 1.5,

  ownLanguageShare: 0.9,
  multiShare: 0.75,
  seeAlsoShare: 0.6,
  maxLines: 4,
  maxCitations: 3,
});

/**
 * The defaults with some fields overridden. Without overrides it is the (frozen) defaults themselves, not a
 * copy per question: no step writes to its tuning.
 */
export function tuningWith(overrides: Partial<Tuning> | undefined): Tuning {
  return overrides ? { ...DEFAULT_TUNING, ...overrides } : DEFAULT_TUNING;
}
