/**
 * Retrieval and ranking. lunr finds and scores candidate passages per language (queries are built with
 * `index.query()`, never parsed from user text); each candidate is then scored by how much of the
 * question it covers, so scores are comparable across languages and can decide abstention.
 */
import type { QueryPlan } from './queryPlan';
import type { SearchIndex } from './searchIndex';
import type { Lang, Passage } from './types';
import { LANGS } from './types';

/** Tunable weights of the ranking; injected so experiments need no code change. */
export interface RankWeights {
  /** Bonus per unit of question weight found in the section heading. */
  heading: number;
  /** Weight of lunr's own (BM25) score, normalised to the best candidate. */
  lunr: number;
  /** Bonus for a page whose product the question names; the same is taken from pages of other named products. */
  product: number;
  /** Multiplier for a passage in the other language than the question. */
  otherLanguage: number;
  /** The other language is searched too when the best own-language coverage is below this. */
  otherLanguageBelow: number;
  /** Bonus for the first passage of a section: docs state the answer first and qualify it after. */
  lead: number;
  /** Candidates taken from lunr per language. */
  candidates: number;
  /** Most postings (passages per term, summed) lunr walks to find candidates; at least one term is always used. */
  postingsBudget: number;
  /** Terms in more than this share of a language's passages are not used to find candidates. */
  maxDfShare: number;
  /** Most terms in one lunr query (each term costs a token-set intersection and its postings). */
  queryTerms: number;
}

export const DEFAULT_WEIGHTS: RankWeights = { heading: 0.3, lunr: 0.2, product: 0.25, otherLanguage: 0.93, otherLanguageBelow: 0.9, lead: 0.05, candidates: 30, postingsBudget: 500, queryTerms: 12, maxDfShare: 0.1 };

/** A ranked passage (language-neutral id) with the language version that matched best. */
export interface Hit {
  passage: Passage;
  score: number;
  /** Share of the question's weight the passage covers (0–1): the abstention signal. */
  coverage: number;
  headingCoverage: number;
  /** How many of the question's concepts the passage contains. */
  matched: number;
}


/** The rarest terms whose postings fit the budget (at least one term). */
function withinBudget<T extends { df: number }>(terms: T[], weights: RankWeights, passages: number): T[] {
  const sorted = terms.filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
  // A term in a large share of all passages finds nothing a rarer term would not (its coverage still counts).
  const maxDf = Math.max(1, weights.maxDfShare * passages);
  const chosen: T[] = [];
  let postings = 0;
  for (const t of sorted) {
    if (chosen.length > 0 && (t.df > maxDf || postings + t.df > weights.postingsBudget || chosen.length >= weights.queryTerms)) break;
    chosen.push(t);
    postings += t.df;
  }
  return chosen;
}

const headingCounts = new WeakMap<object, Map<string, number>>();

/** Passages with a term in their heading; counted once per index and term. */
function headingCount(inverted: Postings, term: string): number {
  let counts = headingCounts.get(inverted);
  if (!counts) headingCounts.set(inverted, (counts = new Map()));
  let n = counts.get(term);
  if (n === undefined) {
    const h = inverted[term]?.heading;
    n = typeof h === 'object' ? Object.keys(h).length : 0;
    counts.set(term, n);
  }
  return n;
}

/** lunr's inverted index: stem → field → ref → metadata (lunr keeps it public but untyped). */
type Postings = Record<string, Record<string, Record<string, unknown> | number>>;

function runLang(index: SearchIndex, plan: QueryPlan, lang: Lang, weights: RankWeights): Hit[] {
  const li = index.langs[lang];
  if (!li) return [];
  const stems = new Map<string, number>();
  for (const c of plan.concepts) {
    for (const a of c.alts) if (a.lang === lang) stems.set(a.stem, Math.max(stems.get(a.stem) ?? 0, a.weight * c.weight));
  }
  // lunr's cost grows with the postings it walks: candidates come from the rarest terms within a budget;
  // the common ones still count below, when each candidate's coverage is measured.
  const known = [...stems].map(([term, boost]) => ({ term, boost, df: li.df.get(term) ?? 0 })).filter((t) => t.df > 0);
  const chosen = withinBudget(known, weights, li.passages);
  if (chosen.length === 0) return [];
  const inverted = (li.lunr as unknown as { invertedIndex: Postings }).invertedIndex;
  // Only common words: look for them in section headings alone (where FAQ-style pages put the question),
  // again within the budget, rather than score every passage that merely mentions them.
  const headingsOnly = chosen[0].df > Math.min(weights.postingsBudget, Math.max(1, weights.maxDfShare * li.passages));
  const terms = headingsOnly ? withinBudget(known.map((t) => ({ ...t, df: headingCount(inverted, t.term) })), weights, li.passages) : chosen;
  const results = li.lunr.query((q) => {
    for (const t of terms) {
      if (headingsOnly) q.term(t.term, { usePipeline: false, boost: t.boost, fields: ['heading'] });
      else q.term(t.term, { usePipeline: false, boost: t.boost });
    }
  });
  if (results.length === 0 && plan.namedDocs.size === 0) return [];
  const top = results[0]?.score || 1;
  const total = plan.concepts.reduce((sum, c) => sum + c.weight, 0) || 1;
  // Each concept's forms in this language, resolved to their postings once per question.
  const forms = plan.concepts.map((c) => ({
    weight: c.weight,
    alts: c.alts.filter((a) => a.lang === lang && inverted[a.stem]).map((a) => ({ weight: a.weight, posting: inverted[a.stem] })),
  }));
  // The pages of a product the question names are always candidates: in a large corpus their words
  // may be too common to pick them out, yet the question is about them.
  const candidates = results.slice(0, weights.candidates).map((r) => ({ ref: r.ref, score: r.score }));
  if (plan.namedDocs.size > 0) {
    const seen = new Set(candidates.map((c) => c.ref));
    for (const docId of plan.namedDocs) {
      for (const i of index.passagesOfDoc.get(docId) ?? []) {
        const ref = String(i);
        if (index.passages[i].lang === lang && !seen.has(ref)) candidates.push({ ref, score: 0 });
      }
    }
  }
  const hits: Hit[] = [];
  for (const r of candidates) {
    let covered = 0;
    let inHeading = 0;
    let matched = 0;
    for (const c of forms) {
      const { match, heading } = conceptMatch(c.alts, r.ref);
      covered += c.weight * match;
      inHeading += c.weight * heading;
      if (match > 0) matched++;
    }
    const passage = index.passages[Number(r.ref)];
    if (!passage) continue;
    const coverage = covered / total;
    const headingCoverage = inHeading / total;
    let score = coverage + weights.heading * headingCoverage + weights.lunr * (r.score / top);
    if (passage.ordinal === 0) score += weights.lead;
    if (plan.namedDocs.size > 0) score += plan.namedDocs.has(passage.docId) ? weights.product : -weights.product;
    if (lang !== plan.lang) score *= weights.otherLanguage;
    hits.push({ passage, score, coverage, headingCoverage, matched });
  }
  return hits;
}

/** How well one concept is present in a passage: its best form's weight, and whether it is in the heading. */
function conceptMatch(alts: { weight: number; posting: Postings[string] }[], ref: string): { match: number; heading: number } {
  let match = 0;
  let heading = 0;
  for (const a of alts) {
    const h = a.posting.heading;
    if (typeof h === 'object' && ref in h) {
      match = Math.max(match, a.weight);
      heading = Math.max(heading, a.weight);
      continue;
    }
    const b = a.posting.body;
    if (typeof b === 'object' && ref in b) match = Math.max(match, a.weight);
  }
  return { match, heading };
}

/**
 * Ranks passages for a plan, best first, one entry per language-neutral passage id (the better
 * language version wins).
 */
export function retrieve(index: SearchIndex, plan: QueryPlan, weights: RankWeights = DEFAULT_WEIGHTS): Hit[] {
  if (plan.concepts.length === 0) return [];
  const best = new Map<string, Hit>();
  const add = (hits: Hit[]) => {
    for (const hit of hits) {
      const prev = best.get(hit.passage.id);
      if (!prev || hit.score > prev.score) best.set(hit.passage.id, hit);
    }
  };
  const own = runLang(index, plan, plan.lang, weights);
  add(own);
  // The other language is searched only when the question's own language leaves part of it uncovered:
  // side-by-side pages hold the same text in both, so a fully covered question would find the twins.
  const ownBest = own.reduce((m, h) => Math.max(m, h.coverage), 0);
  if (ownBest < weights.otherLanguageBelow) {
    for (const lang of LANGS) if (lang !== plan.lang) add(runLang(index, plan, lang, weights));
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
}
