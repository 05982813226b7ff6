/**
 * Retrieval and scoring. lunr finds candidate passages per language (queries are built with
 * `index.query()`, never parsed from user text); each candidate is then scored by how much of the
 * question it covers, so scores compare across languages. Every hit records why it matched (which
 * concept, which form, which field) and the parts of its score.
 */
import type { SearchIndex } from '../searchIndex';
import type { Lang, Passage } from '../types';
import { LANGS } from '../types';
import type { FormSource } from './expand';
import { scorePlainTerms } from './lunrScore';
import type { QueryPlan } from './plan';
import type { Tuning } from './tuning';

/** One concept found in a passage: in which form and field. */
export interface Match {
  concept: string;
  /** The stem that matched. */
  form: string;
  lang: Lang;
  via: FormSource;
  field: 'heading' | 'body';
  /** Strength of the form (1 = the word itself). */
  strength: number;
}

/** The parts of a hit's ranking score (score = (coverage + heading + lunr + lead + product + declared) × language). */
export interface ScoreParts {
  coverage: number;
  heading: number;
  lunr: number;
  lead: number;
  product: number;
  /** Prior for a page the manifest declares as a product's page (the privacy pages), over pages of a bulk tree. */
  declared: number;
  /** Multiplier for the other language than the question's. */
  language: number;
}

/** A ranked passage (language-neutral id) with the language version that matched best. */
export interface Hit {
  passage: Passage;
  score: number;
  parts: ScoreParts;
  /** Share of all of the question's weight the passage covers (0–1), context of a paste included. */
  coverage: number;
  /** Share of the question's weight found in the section heading (0–1). */
  headingCoverage: number;
  /** The gate's view: shares of the weight of the gate's concepts (question sentences, product names apart). */
  focusCoverage: number;
  focusHeading: number;
  /** How many of the gate's concepts the passage contains. */
  matched: number;
  why: Match[];
}

/** lunr's inverted index: stem → field → ref → metadata (lunr keeps it public but untyped). */
type Postings = Record<string, Record<string, Record<string, unknown> | number>>;

/** The rarest terms whose postings fit the budget (at least one term). */
function withinBudget<T extends { df: number }>(terms: T[], tuning: Tuning, passages: number): T[] {
  const sorted = terms.filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
  // A term in a large share of all passages finds nothing a rarer term would not (its coverage still counts).
  const maxDf = Math.max(1, tuning.maxDfShare * passages);
  const chosen: T[] = [];
  let postings = 0;
  for (const t of sorted) {
    if (chosen.length > 0 && (t.df > maxDf || postings + t.df > tuning.postingsBudget || chosen.length >= tuning.queryTerms)) break;
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

interface Form {
  stem: string;
  via: FormSource;
  weight: number;
  posting: Postings[string];
}

/** Candidate refs from lunr: the rarest terms within the budget, or headings only when every term is common. */
function candidatesOf(index: SearchIndex, plan: QueryPlan, lang: Lang, tuning: Tuning, inverted: Postings): { ref: string; score: number }[] {
  const li = index.langs[lang]!;
  const stems = new Map<string, number>();
  for (const c of plan.concepts) {
    for (const a of c.alts) if (a.lang === lang) stems.set(a.stem, Math.max(stems.get(a.stem) ?? 0, a.weight * c.weight));
  }
  // lunr's cost grows with the postings it walks: candidates come from the rarest terms within a budget;
  // the common ones still count when each candidate's coverage is measured.
  const known = [...stems].map(([term, boost]) => ({ term, boost, df: li.df.get(term) ?? 0 })).filter((t) => t.df > 0);
  const chosen = withinBudget(known, tuning, li.passages);
  if (chosen.length === 0) return [];
  // Only common words: look for them in section headings alone (where FAQ-style pages put the question).
  const headingsOnly = chosen[0].df > Math.min(tuning.postingsBudget, Math.max(1, tuning.maxDfShare * li.passages));
  const terms = headingsOnly ? withinBudget(known.map((t) => ({ ...t, df: headingCount(inverted, t.term) })), tuning, li.passages) : chosen;
  const results = scorePlainTerms(li.lunr, terms.map((t) => (headingsOnly ? { term: t.term, boost: t.boost, fields: ['heading'] } : { term: t.term, boost: t.boost })));
  const top = results[0]?.score || 1;
  const candidates = results.slice(0, tuning.candidates).map((r) => ({ ref: r.ref, score: r.score / top }));
  // The pages of a product the question names are always candidates: in a large corpus their words
  // may be too common to pick them out, yet the question is about them.
  if (plan.namedDocs.size > 0) {
    const seen = new Set(candidates.map((c) => c.ref));
    for (const docId of plan.namedDocs) {
      for (const i of index.passagesOfDoc.get(docId) ?? []) {
        const ref = String(i);
        if (index.passages[i].lang === lang && !seen.has(ref)) candidates.push({ ref, score: 0 });
      }
    }
  }
  return candidates;
}

function runLang(index: SearchIndex, plan: QueryPlan, lang: Lang, tuning: Tuning): Hit[] {
  const li = index.langs[lang];
  if (!li) return [];
  const inverted = (li.lunr as unknown as { invertedIndex: Postings }).invertedIndex;
  const candidates = candidatesOf(index, plan, lang, tuning, inverted);
  if (candidates.length === 0) return [];
  let total = 0;
  let focusTotal = 0;
  for (const c of plan.concepts) {
    total += c.weight;
    if (c.gate) focusTotal += c.weight;
  }
  // Each concept's forms in this language, resolved to their postings once per question.
  const concepts = plan.concepts.map((c) => ({
    concept: c,
    forms: c.alts.filter((a) => a.lang === lang && inverted[a.stem]).map((a): Form => ({ stem: a.stem, via: a.via, weight: a.weight, posting: inverted[a.stem] })),
  }));
  const hits: Hit[] = [];
  for (const r of candidates) {
    const passage = index.passages[Number(r.ref)];
    if (!passage) continue;
    let covered = 0;
    let inHeading = 0;
    let focusCovered = 0;
    let focusInHeading = 0;
    let matched = 0;
    const why: Match[] = [];
    for (const { concept, forms } of concepts) {
      const m = bestForm(forms, r.ref);
      if (!m) continue;
      const w = concept.weight * m.form.weight;
      covered += w;
      if (m.field === 'heading') inHeading += w;
      if (concept.gate) {
        focusCovered += w;
        if (m.field === 'heading') focusInHeading += w;
        matched++;
      }
      why.push({ concept: concept.word, form: m.form.stem, lang, via: m.form.via, field: m.field, strength: m.form.weight });
    }
    const coverage = total ? covered / total : 0;
    const headingCoverage = total ? inHeading / total : 0;
    const parts: ScoreParts = {
      coverage,
      heading: tuning.heading * headingCoverage,
      lunr: tuning.lunr * r.score,
      lead: passage.ordinal === 0 ? tuning.lead : 0,
      product: plan.namedDocs.size === 0 ? 0 : plan.namedDocs.has(passage.docId) ? tuning.product : -tuning.product,
      declared: (index.docById.get(passage.docId)?.products.length ?? 0) > 0 ? tuning.declaredPage : 0,
      language: lang === plan.lang ? 1 : tuning.otherLanguage,
    };
    const score = (parts.coverage + parts.heading + parts.lunr + parts.lead + parts.product + parts.declared) * parts.language;
    hits.push({
      passage,
      score,
      parts,
      coverage,
      headingCoverage,
      focusCoverage: focusTotal ? focusCovered / focusTotal : 0,
      focusHeading: focusTotal ? focusInHeading / focusTotal : 0,
      matched,
      why,
    });
  }
  return hits;
}

/** How well one concept is present in a passage: its strongest form, in the heading when it is there. */
function bestForm(forms: Form[], ref: string): { form: Form; field: 'heading' | 'body' } | undefined {
  let bestForm: Form | undefined;
  let bestField: 'heading' | 'body' = 'body';
  for (const f of forms) {
    const h = f.posting.heading;
    const inHeading = typeof h === 'object' && ref in h;
    const b = f.posting.body;
    if (!inHeading && !(typeof b === 'object' && ref in b)) continue;
    if (!bestForm || f.weight > bestForm.weight || (f.weight === bestForm.weight && inHeading && bestField === 'body')) {
      bestForm = f;
      bestField = inHeading ? 'heading' : 'body';
    }
  }
  // One object per concept found, not one per better form met.
  return bestForm && { form: bestForm, field: bestField };
}

/**
 * Ranks passages for a plan, best first, one entry per language-neutral passage id (the better
 * language version wins).
 */
export function retrieve(index: SearchIndex, plan: QueryPlan, tuning: Tuning): Hit[] {
  if (plan.concepts.length === 0) return [];
  const best = new Map<string, Hit>();
  // Two language versions of one passage: the better one wins, but the question's language keeps it when
  // it scores nearly as well (a page translated from another revision says the same a little differently).
  const beats = (a: Hit, b: Hit) => {
    if (a.passage.lang === plan.lang && b.passage.lang !== plan.lang) return a.score >= b.score * tuning.ownLanguageShare;
    if (b.passage.lang === plan.lang && a.passage.lang !== plan.lang) return a.score * tuning.ownLanguageShare > b.score;
    return a.score > b.score;
  };
  const add = (hits: Hit[]) => {
    for (const hit of hits) {
      const prev = best.get(hit.passage.id);
      if (!prev || beats(hit, prev)) best.set(hit.passage.id, hit);
    }
  };
  const own = runLang(index, plan, plan.lang, tuning);
  add(own);
  // The other language is searched only when the question's own language leaves part of it uncovered:
  // side-by-side pages hold the same text in both, so a fully covered question would find the twins.
  const ownBest = own.reduce((m, h) => Math.max(m, h.coverage), 0);
  if (ownBest < tuning.otherLanguageBelow) {
    for (const lang of LANGS) if (lang !== plan.lang) add(runLang(index, plan, lang, tuning));
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
}
