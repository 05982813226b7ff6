/**
 * Retrieval and ranking. lunr finds and scores candidate passages per language (queries are built with
 * `index.query()`, never parsed from user text); each candidate is then scored by how much of the
 * question it covers, so scores are comparable across languages and can decide abstention.
 */
import type { Concept, QueryPlan } from './queryPlan';
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
  /** Bonus for the first passage of a section: docs state the answer first and qualify it after. */
  lead: number;
  /** Candidates taken from lunr per language. */
  candidates: number;
}

export const DEFAULT_WEIGHTS: RankWeights = { heading: 0.3, lunr: 0.2, product: 0.25, otherLanguage: 0.93, lead: 0.05, candidates: 60 };

/** A ranked passage (language-neutral id) with the language version that matched best. */
export interface Hit {
  passage: Passage;
  score: number;
  /** Share of the question's weight the passage covers (0–1): the abstention signal. */
  coverage: number;
  headingCoverage: number;
}

const FIELD_FACTOR: Record<string, number> = { heading: 1, body: 1, title: 0.5 };

function runLang(index: SearchIndex, plan: QueryPlan, lang: Lang, weights: RankWeights): Hit[] {
  const li = index.langs[lang];
  if (!li) return [];
  const stems = new Map<string, number>();
  for (const c of plan.concepts) {
    for (const a of c.alts) if (a.lang === lang) stems.set(a.stem, Math.max(stems.get(a.stem) ?? 0, a.weight * c.weight));
  }
  if (stems.size === 0) return [];
  const results = li.lunr.query((q) => {
    for (const [term, boost] of stems) q.term(term, { usePipeline: false, boost });
  });
  if (results.length === 0) return [];
  const top = results[0].score || 1;
  const total = plan.concepts.reduce((s, c) => s + c.weight, 0) || 1;
  const hits: Hit[] = [];
  for (const r of results.slice(0, weights.candidates)) {
    const meta = r.matchData.metadata as Record<string, Record<string, unknown>>;
    let covered = 0;
    let inHeading = 0;
    for (const c of plan.concepts) {
      const { match, heading } = conceptMatch(c, lang, meta);
      covered += c.weight * match;
      inHeading += c.weight * heading;
    }
    const passage = index.byId.get(r.ref)?.find((p) => p.lang === lang);
    if (!passage) continue;
    const coverage = covered / total;
    const headingCoverage = inHeading / total;
    let score = coverage + weights.heading * headingCoverage + weights.lunr * (r.score / top);
    if (passage.ordinal === 0) score += weights.lead;
    if (plan.namedDocs.size > 0) score += plan.namedDocs.has(passage.docId) ? weights.product : -weights.product;
    if (lang !== plan.lang) score *= weights.otherLanguage;
    hits.push({ passage, score, coverage, headingCoverage });
  }
  return hits;
}

function conceptMatch(c: Concept, lang: Lang, meta: Record<string, Record<string, unknown>>): { match: number; heading: number } {
  let match = 0;
  let heading = 0;
  for (const a of c.alts) {
    if (a.lang !== lang) continue;
    const fields = meta[a.stem];
    if (!fields) continue;
    for (const f of Object.keys(fields)) {
      match = Math.max(match, a.weight * (FIELD_FACTOR[f] ?? 1));
      if (f === 'heading') heading = Math.max(heading, a.weight);
    }
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
  for (const lang of LANGS) {
    for (const hit of runLang(index, plan, lang, weights)) {
      const prev = best.get(hit.passage.id);
      if (!prev || hit.score > prev.score) best.set(hit.passage.id, hit);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
}
