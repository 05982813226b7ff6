/**
 * Retrieval and scoring. lunr finds candidate passages per language (queries are built with
 * `index.query()`, never parsed from user text); each candidate is then scored by how much of the
 * question it covers, so scores compare across languages. Every hit records why it matched (which
 * concept, which form, which field) and the parts of its score.
 */
import type { SearchIndex } from '../searchIndex';
import type { Lang, Passage } from '../types';
import { LANGS } from '../types';
import { isDeclaredPage } from './declaredVocabulary';
import type { FormSource } from './expand';
import { positionIdNumbers, positionRanks, sortByScoreThenRank } from './idOrder';
import { formLookup, markPresent, type FormLookup } from './formPresence';
import { postingsOf, scorePlainTerms, type Postings } from './lunrScore';
import type { QueryPlan } from './plan';
import type { Tuning } from './tuning';
import { termTable, type FieldTerms } from './termTable';
import { titleSectionsOf } from './titleSections';
import { refPosition } from './vectorTable';

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



/** The rarest terms whose postings fit the budget (at least one term). */
function withinBudget<T extends { df: number }>(terms: T[], tuning: Tuning, passages: number): T[] {
  const sorted = terms.filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
  // A term in more than `maxDfShare` of all passages finds no candidates (its coverage still counts); on a
  // large corpus the postings budget binds first.
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
  /** The form's number among all forms of the question in this language (its presence flags). */
  slot: number;
}

/** Candidates as parallel arrays (no object per candidate: a named product makes thousands). */
interface Candidates {
  /** Positions in `SearchIndex.passages` (lunr refs are positions). */
  positions: number[];
  /** lunr's score relative to the best candidate's (0 for a named product's passages lunr did not find). */
  scores: number[];
}

/** Candidates from lunr: the rarest terms within the budget, or headings only when every term is common. */
function candidatesOf(index: SearchIndex, plan: QueryPlan, lang: Lang, tuning: Tuning, inverted: Postings): Candidates {
  const li = index.langs[lang]!;
  const out: Candidates = { positions: [], scores: [] };
  const stems = new Map<string, number>();
  for (const c of plan.concepts) {
    for (const a of c.alts) if (a.lang === lang) stems.set(a.stem, Math.max(stems.get(a.stem) ?? 0, a.weight * c.weight));
  }
  // lunr's cost grows with the postings it walks: candidates come from the rarest terms within a budget;
  // the common ones still count when each candidate's coverage is measured.
  const known = [...stems].map(([term, boost]) => ({ term, boost, df: li.df.get(term) ?? 0 })).filter((t) => t.df > 0);
  const chosen = withinBudget(known, tuning, li.passages);
  if (chosen.length === 0) return out;
  // Only common words: look for them in section headings alone (where FAQ-style pages put the question).
  const headingsOnly = chosen[0].df > Math.min(tuning.postingsBudget, Math.max(1, tuning.maxDfShare * li.passages));
  const terms = headingsOnly ? withinBudget(known.map((t) => ({ ...t, df: headingCount(inverted, t.term) })), tuning, li.passages) : chosen;
  const results = scorePlainTerms(li.lunr, terms.map((t) => (headingsOnly ? { term: t.term, boost: t.boost, fields: ['heading'] } : { term: t.term, boost: t.boost })));
  const top = results[0]?.score || 1;
  for (const r of results.slice(0, tuning.candidates)) {
    const position = refPosition(r.ref);
    if (position < 0) continue; // Not a ref of ours (refs are positions): no passage to score.
    out.positions.push(position);
    out.scores.push(r.score / top);
  }
  // The pages of a product the question names are always candidates: in a large corpus their words
  // may be too common to pick them out, yet the question is about them.
  if (plan.namedDocs.size > 0) {
    const seen = new Set(out.positions);
    for (const docId of plan.namedDocs) {
      for (const i of index.passagesOfDoc.get(docId) ?? []) {
        if (index.passages[i].lang === lang && !seen.has(i)) {
          out.positions.push(i);
          out.scores.push(0);
        }
      }
    }
  }
  return out;
}

/**
 * Where the hits go: the best hit per language-neutral passage id so far (in the order the ids were first
 * met, with the position of the passage each hit holds now), and the rule that replaces one.
 */
interface Merge {
  /** By passage id number (see `positionIdNumbers`): its slot in `hits` and `positions`, -1 for none yet. */
  slots: Int32Array;
  idNumberAt: Int32Array;
  hits: Hit[];
  positions: number[];
  /** True when a hit of `lang` scoring `score` replaces `prev` (the same passage in another language). */
  beats: (lang: Lang, score: number, prev: Hit) => boolean;
}

/**
 * Scores the candidates of one language and merges them into `merge` in candidate order. A hit that
 * would not replace the one already there is not built (a named product's pages make thousands of
 * candidates, most of them twins of passages the question's own language has scored). Returns the
 * largest coverage of any candidate.
 */
function runLang(index: SearchIndex, plan: QueryPlan, lang: Lang, tuning: Tuning, merge: Merge): number {
  const li = index.langs[lang];
  if (!li) return 0;
  const inverted = postingsOf(li.lunr);
  const table = termTable(li.lunr);
  const headingTerms = table.get('heading');
  const bodyTerms = table.get('body');
  const candidates = candidatesOf(index, plan, lang, tuning, inverted);
  if (candidates.positions.length === 0) return 0;
  const titleSections = titleSectionsOf(index);
  let total = 0;
  let focusTotal = 0;
  for (const c of plan.concepts) {
    total += c.weight;
    if (c.gate) focusTotal += c.weight;
  }
  // Each concept's forms in this language, resolved to their postings once per question; every form
  // gets a slot (its number over all concepts) for the presence flags of a candidate.
  let slots = 0;
  const concepts = plan.concepts.map((c) => {
    const forms = c.alts
      .filter((a) => a.lang === lang && inverted[a.stem])
      .map((a): Form => ({ stem: a.stem, via: a.via, weight: a.weight, posting: inverted[a.stem], termIndex: inverted[a.stem]._index as number, slot: slots++ }));
    const parts = forms.flatMap((f, i) => (f.via === 'compound' ? [i] : []));
    return { concept: c, forms, parts: parts.length >= 2 ? parts : undefined };
  });
  const allForms = concepts.flatMap((c) => c.forms);
  const lookup = formLookup(allForms.map((f) => f.termIndex));
  // Per candidate: bit 1 = the form is in the heading, bit 2 = in the body.
  const flags = new Uint8Array(slots);
  // The Match of each form slot × 2 (+1 when in the heading), made when first needed.
  const matches: (Match | undefined)[] = new Array<Match | undefined>(slots * 2).fill(undefined);
  const language = lang === plan.lang ? 1 : tuning.otherLanguage;
  // Each concept's best form in the current candidate (see bestForm), kept for building its matches.
  const bestOf: number[] = new Array<number>(concepts.length).fill(-1);
  // Per concept: 0, or the fields (see wholeCompound) where all the parts of its compound were found.
  const wholeOf: number[] = new Array<number>(concepts.length).fill(0);
  const wholeMatches: (Match | undefined)[] = new Array<Match | undefined>(concepts.length * 2).fill(undefined);
  let maxCoverage = 0;
  let pageOf: string | undefined;
  let product = 0;
  let declared = 0;
  // Indexed loops and no object per form found: thousands of candidates, each against every form.
  for (let k = 0; k < candidates.positions.length; k++) {
    const position = candidates.positions[k];
    const passage = index.passages[position];
    if (!passage) continue;
    let covered = 0;
    let inHeading = 0;
    let focusCovered = 0;
    let focusInHeading = 0;
    let matched = 0;
    // A candidate's two field vectors answer every form's presence in one pass each, instead of two
    // keyed lookups per form into large posting objects.
    flags.fill(0);
    if (!titleSections[position]) markField(flags, 1, headingTerms, position, lookup, allForms, 'heading');
    markField(flags, 2, bodyTerms, position, lookup, allForms, 'body');
    for (let c = 0; c < concepts.length; c++) {
      const { concept, forms, parts } = concepts[c];
      const best = (bestOf[c] = bestForm(forms, flags));
      if (best < 0) continue;
      let strength = forms[best >> 1].weight;
      let head = (best & 1) === 1;
      // "locatie van gegevens" says what "gegevenslocatie" says: a compound whose parts are all there counts as nearly the word.
      const whole = (wholeOf[c] = parts && tuning.compoundWhole > strength ? wholeCompound(parts, forms, flags) : 0);
      if (whole) {
        strength = tuning.compoundWhole;
        head = whole === 3;
      }
      const w = concept.weight * strength;
      covered += w;
      if (head) inHeading += w;
      if (concept.gate) {
        focusCovered += w;
        if (head) focusInHeading += w;
        matched++;
      }
    }
    const coverage = total ? covered / total : 0;
    maxCoverage = Math.max(maxCoverage, coverage);
    const headingCoverage = total ? inHeading / total : 0;
    const headingPart = tuning.heading * headingCoverage;
    const lunrPart = tuning.lunr * candidates.scores[k];
    const lead = passage.ordinal === 0 ? tuning.lead : 0;
    // Both depend on the page only, and a page's candidates come one after another.
    if (passage.docId !== pageOf) {
      pageOf = passage.docId;
      product = plan.namedDocs.size === 0 ? 0 : plan.namedDocs.has(pageOf) ? tuning.product : -tuning.product;
      // On a corpus of declared pages only the bonus would be a constant that shifts the score ratios.
      declared = index.hasBulkPages && isDeclaredPage(index, pageOf) ? tuning.declaredPage : 0;
    }
    const score = (coverage + headingPart + lunrPart + lead + product + declared) * language;
    const idNumber = merge.idNumberAt[position];
    const slot = merge.slots[idNumber];
    const prev = slot < 0 ? undefined : merge.hits[slot];
    if (prev && !merge.beats(passage.lang, score, prev)) continue;
    const why: Match[] = [];
    for (let c = 0; c < concepts.length; c++) {
      const best = bestOf[c];
      if (best < 0) continue;
      if (wholeOf[c]) {
        const { concept, forms, parts } = concepts[c];
        const field = wholeOf[c] === 3 ? 'heading' : 'body';
        why.push((wholeMatches[c * 2 + (wholeOf[c] === 3 ? 1 : 0)] ??= { concept: concept.word, form: parts!.map((i) => forms[i].stem).join('+'), lang, via: 'compound', field, strength: tuning.compoundWhole }));
        continue;
      }
      const form = concepts[c].forms[best >> 1];
      // One Match per form and field, shared by every hit it explains (read only; thousands of hits).
      const m = form.slot * 2 + (best & 1);
      why.push((matches[m] ??= { concept: concepts[c].concept.word, form: form.stem, lang, via: form.via, field: best & 1 ? 'heading' : 'body', strength: form.weight }));
    }
    const hit: Hit = {
      passage,
      score,
      parts: { coverage, heading: headingPart, lunr: lunrPart, lead, product, declared, language },
      coverage,
      headingCoverage,
      focusCoverage: focusTotal ? focusCovered / focusTotal : 0,
      focusHeading: focusTotal ? focusInHeading / focusTotal : 0,
      matched,
      why,
    };
    if (slot < 0) {
      merge.slots[idNumber] = merge.hits.length;
      merge.hits.push(hit);
      merge.positions.push(position);
    } else {
      merge.hits[slot] = hit;
      merge.positions[slot] = position;
    }
  }
  return maxCoverage;
}

/**
 * Sets `bit` in the flags of the forms the passage at `position` has in `field`: from its packed field
 * vector terms, or from the postings when the field has no vector in the table.
 */
function markField(flags: Uint8Array, bit: number, table: FieldTerms | undefined, position: number, lookup: FormLookup, forms: Form[], field: 'heading' | 'body'): void {
  if (table && position + 1 < table.offsets.length && table.missing[position] === 0) {
    return markPresent(lookup, table.terms, table.offsets[position], table.offsets[position + 1], flags, bit);
  }
  const ref = String(position);
  for (const f of forms) {
    const p = f.posting[field];
    if (typeof p === 'object' && ref in p) flags[f.slot] |= bit;
  }
}

/**
 * How well one concept is present in a passage: its strongest form, in the heading when it is there.
 * `flags` holds the passage's presence bits per form slot (1 heading, 2 body). Returns the form's
 * position × 2, plus 1 when found in the heading, or -1 when no form is present (a number, not an object).
 */
function bestForm(forms: Form[], flags: Uint8Array): number {
  let best = -1;
  let bestInHeading = false;
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i];
    const present = flags[f.slot];
    if (present === 0) continue;
    const inHeading = (present & 1) !== 0;
    const w = best < 0 ? 0 : forms[best].weight;
    if (best < 0 || f.weight > w || (f.weight === w && inHeading && !bestInHeading)) {
      best = i;
      bestInHeading = inHeading;
    }
  }
  return best < 0 ? -1 : best * 2 + (bestInHeading ? 1 : 0);
}

/** True when a page the question names has no passage in the question's language (the Office 365 page is English only). */
function namedOnlyElsewhere(index: SearchIndex, plan: QueryPlan): boolean {
  for (const docId of plan.namedDocs) {
    if (!(index.passagesOfDoc.get(docId) ?? []).some((i) => index.passages[i]?.lang === plan.lang)) return true;
  }
  return false;
}

/**
 * Whether all the parts of a compound are in a passage: 0 when one is missing, 3 when all are in the
 * heading, else 2 (the body, or spread over both fields).
 */
function wholeCompound(parts: number[], forms: Form[], flags: Uint8Array): number {
  let all = 3;
  for (const i of parts) {
    const present = flags[forms[i].slot];
    if (present === 0) return 0;
    if ((present & 1) === 0) all = 2;
  }
  return all;
}

/**
 * Ranks passages for a plan, best first, one entry per language-neutral passage id (the better
 * language version wins).
 */
export function retrieve(index: SearchIndex, plan: QueryPlan, tuning: Tuning): Hit[] {
  if (plan.concepts.length === 0) return [];
  // Two language versions of one passage: the better one wins, but the question's language keeps it when
  // it scores nearly as well (a page translated from another revision says the same a little differently).
  const beats = (lang: Lang, score: number, prev: Hit) => {
    if (lang === plan.lang && prev.passage.lang !== plan.lang) return score >= prev.score * tuning.ownLanguageShare;
    if (prev.passage.lang === plan.lang && lang !== plan.lang) return score * tuning.ownLanguageShare > prev.score;
    return score > prev.score;
  };
  const ids = positionIdNumbers(index);
  const merge: Merge = { slots: new Int32Array(ids.count).fill(-1), idNumberAt: ids.at, hits: [], positions: [], beats };
  const ownBest = runLang(index, plan, plan.lang, tuning, merge);
  // The other language is searched only when the question's own language leaves part of it uncovered:
  // side-by-side pages hold the same text in both, so a fully covered question would find the twins. A
  // product the question names whose page is not in its language is searched for where the page is.
  if (ownBest < tuning.otherLanguageBelow || namedOnlyElsewhere(index, plan)) {
    for (const lang of LANGS) if (lang !== plan.lang) runLang(index, plan, lang, tuning, merge);
  }
  // Best first; ties by passage id in collation order (ranks collated once per index and read by the
  // position of each hit's passage: thousands may tie).
  const { hits, positions } = merge;
  const ranks = positionRanks(index);
  return sortByScoreThenRank(hits, hits.map((h) => h.score), positions.map((p) => ranks[p]));
}
