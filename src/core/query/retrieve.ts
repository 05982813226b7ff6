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
import { idOrder, sortByScoreThenId } from './idOrder';
import { hasTerm, scorePlainTerms } from './lunrScore';
import type { QueryPlan } from './plan';
import type { Tuning } from './tuning';
import { refPosition, vectorAt, vectorTable } from './vectorTable';

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
  /** The stem's position in lunr's term index, as its field vectors store it. */
  termIndex: number;
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

/** Where the hits go: the best hit per language-neutral passage id so far, and the rule that replaces one. */
interface Merge {
  best: Map<string, Hit>;
  /** True when a hit of `lang` scoring `score` replaces `prev` (the same passage in another language). */
  beats: (lang: Lang, score: number, prev: Hit) => boolean;
}

/**
 * Scores the candidates of one language and merges them into `merge.best` in candidate order. A hit that
 * would not replace the one already there is not built (a named product's pages make thousands of
 * candidates, most of them twins of passages the question's own language has scored). Returns the
 * largest coverage of any candidate.
 */
function runLang(index: SearchIndex, plan: QueryPlan, lang: Lang, tuning: Tuning, merge: Merge): number {
  const li = index.langs[lang];
  if (!li) return 0;
  const inverted = (li.lunr as unknown as { invertedIndex: Postings }).invertedIndex;
  const vectors = vectorTable(li.lunr);
  const candidates = candidatesOf(index, plan, lang, tuning, inverted);
  if (candidates.length === 0) return 0;
  let total = 0;
  let focusTotal = 0;
  for (const c of plan.concepts) {
    total += c.weight;
    if (c.gate) focusTotal += c.weight;
  }
  // Each concept's forms in this language, resolved to their postings once per question.
  const concepts = plan.concepts.map((c) => ({
    concept: c,
    forms: c.alts
      .filter((a) => a.lang === lang && inverted[a.stem])
      .map((a): Form => ({ stem: a.stem, via: a.via, weight: a.weight, posting: inverted[a.stem], termIndex: inverted[a.stem]._index as number })),
  }));
  const language = lang === plan.lang ? 1 : tuning.otherLanguage;
  // Each concept's best form in the current candidate (see bestForm), kept for building its matches.
  const bestOf: number[] = new Array<number>(concepts.length).fill(-1);
  let maxCoverage = 0;
  // Indexed loops and no object per form found: thousands of candidates, each against every form.
  for (let k = 0; k < candidates.length; k++) {
    const r = candidates[k];
    const passage = index.passages[Number(r.ref)];
    if (!passage) continue;
    let covered = 0;
    let inHeading = 0;
    let focusCovered = 0;
    let focusInHeading = 0;
    let matched = 0;
    // A candidate's two field vectors answer every form's presence by binary search, instead of two
    // keyed lookups per form into large posting objects.
    const position = refPosition(r.ref);
    const heading = vectorAt(vectors, 'heading', position);
    const body = vectorAt(vectors, 'body', position);
    for (let c = 0; c < concepts.length; c++) {
      const { concept, forms } = concepts[c];
      const best = (bestOf[c] = bestForm(forms, r.ref, heading, body));
      if (best < 0) continue;
      const w = concept.weight * forms[best >> 1].weight;
      covered += w;
      if (best & 1) inHeading += w;
      if (concept.gate) {
        focusCovered += w;
        if (best & 1) focusInHeading += w;
        matched++;
      }
    }
    const coverage = total ? covered / total : 0;
    maxCoverage = Math.max(maxCoverage, coverage);
    const headingCoverage = total ? inHeading / total : 0;
    const headingPart = tuning.heading * headingCoverage;
    const lunrPart = tuning.lunr * r.score;
    const lead = passage.ordinal === 0 ? tuning.lead : 0;
    const product = plan.namedDocs.size === 0 ? 0 : plan.namedDocs.has(passage.docId) ? tuning.product : -tuning.product;
    // On a corpus of declared pages only the bonus would be a constant that shifts the score ratios.
    const declared = index.hasBulkPages && (index.docById.get(passage.docId)?.products.length ?? 0) > 0 ? tuning.declaredPage : 0;
    const score = (coverage + headingPart + lunrPart + lead + product + declared) * language;
    const prev = merge.best.get(passage.id);
    if (prev && !merge.beats(passage.lang, score, prev)) continue;
    const why: Match[] = [];
    for (let c = 0; c < concepts.length; c++) {
      const best = bestOf[c];
      if (best < 0) continue;
      const form = concepts[c].forms[best >> 1];
      why.push({ concept: concepts[c].concept.word, form: form.stem, lang, via: form.via, field: best & 1 ? 'heading' : 'body', strength: form.weight });
    }
    merge.best.set(passage.id, {
      passage,
      score,
      parts: { coverage, heading: headingPart, lunr: lunrPart, lead, product, declared, language },
      coverage,
      headingCoverage,
      focusCoverage: focusTotal ? focusCovered / focusTotal : 0,
      focusHeading: focusTotal ? focusInHeading / focusTotal : 0,
      matched,
      why,
    });
  }
  return maxCoverage;
}

/** True when the passage `ref` has the form in `field`: from its field vector, else from the posting. */
function inField(f: Form, field: 'heading' | 'body', ref: string, vector: number[] | undefined): boolean {
  if (vector) return hasTerm(vector, f.termIndex);
  const p = f.posting[field];
  return typeof p === 'object' && ref in p;
}

/**
 * How well one concept is present in a passage: its strongest form, in the heading when it is there.
 * `heading` and `body` are the passage's field vectors (undefined: ask the postings). Returns the form's
 * position × 2, plus 1 when found in the heading, or -1 when no form is present (a number, not an object).
 */
function bestForm(forms: Form[], ref: string, heading: number[] | undefined, body: number[] | undefined): number {
  let best = -1;
  let bestInHeading = false;
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i];
    const inHeading = inField(f, 'heading', ref, heading);
    if (!inHeading && !inField(f, 'body', ref, body)) continue;
    const w = best < 0 ? 0 : forms[best].weight;
    if (best < 0 || f.weight > w || (f.weight === w && inHeading && !bestInHeading)) {
      best = i;
      bestInHeading = inHeading;
    }
  }
  return best < 0 ? -1 : best * 2 + (bestInHeading ? 1 : 0);
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
  const beats = (lang: Lang, score: number, prev: Hit) => {
    if (lang === plan.lang && prev.passage.lang !== plan.lang) return score >= prev.score * tuning.ownLanguageShare;
    if (prev.passage.lang === plan.lang && lang !== plan.lang) return score * tuning.ownLanguageShare > prev.score;
    return score > prev.score;
  };
  const merge: Merge = { best, beats };
  const ownBest = runLang(index, plan, plan.lang, tuning, merge);
  // The other language is searched only when the question's own language leaves part of it uncovered:
  // side-by-side pages hold the same text in both, so a fully covered question would find the twins.
  if (ownBest < tuning.otherLanguageBelow) {
    for (const lang of LANGS) if (lang !== plan.lang) runLang(index, plan, lang, tuning, merge);
  }
  // Best first; ties by passage id in collation order (ranks collated once per index: thousands may tie).
  return sortByScoreThenId([...best.values()], (h) => h.score, (h) => h.passage.id, idOrder(index));
}
