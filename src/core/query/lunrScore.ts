/**
 * lunr's scoring of a list of plain terms, without lunr's query machinery. `lunr.Index.query` builds a
 * token set per term, a `lunr.Set` per posting list, a `MatchData` per posting and walks every matched
 * field vector in full; for plain terms (no wildcard, no pipeline, optional presence) the result is
 * fixed by three things only: the query vector per field, the dot product with each field vector and
 * the order fields and refs are first met. This module computes exactly those, in lunr's order and with
 * lunr's floating-point operations, so scores and tie order are the same as `index.query()`'s.
 */
import lunr from 'lunr';
import { refPosition, vectorAt, vectorTable } from './vectorTable';

/** One plain term of a lunr query. */
export interface PlainTerm {
  term: string;
  boost: number;
  /** Fields to search; all of the index's fields when absent. */
  fields?: string[];
}

/** A scored ref, as lunr returns it (without match data). */
export interface RefScore {
  ref: string;
  score: number;
}

/** lunr's inverted index: stem → field → ref → metadata (`_index` is the term's number). */
export type Postings = Record<string, Record<string, Record<string, unknown> | number>>;

/** The parts of a loaded `lunr.Index` used here (public in lunr, untyped in its typings). */
interface LunrInternals {
  fields: string[];
  invertedIndex: Postings;
  fieldVectors: Record<string, { elements: number[] } | undefined>;
}

/** The inverted index of a lunr index (the one place that reads lunr's untyped internals for it). */
export function postingsOf(index: lunr.Index): Postings {
  return (index as unknown as LunrInternals).invertedIndex;
}

/** The value at `termIndex` in a sorted [index, value, …] vector, 0 when absent (binary search). */
function valueAt(elements: number[], termIndex: number): number {
  let lo = 0;
  let hi = elements.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = elements[mid * 2];
    if (at === termIndex) return elements[mid * 2 + 1];
    if (at < termIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Scores `terms` like `index.query(q => terms.forEach(t => q.term(t.term, { usePipeline: false, … })))`
 * and returns the refs best first. Falls back to lunr itself for anything this does not model.
 */
export function scorePlainTerms(index: lunr.Index, terms: PlainTerm[]): RefScore[] {
  const li = index as unknown as LunrInternals;
  // No terms is a negated query in lunr (every ref, score 0); a wildcard expands through the token set.
  if (terms.length === 0 || terms.some((t) => t.term.includes('*'))) return viaLunr(index, terms);
  // Query vector per field as lunr builds it: each known term's boost at the term's index, sorted.
  const queryVectors = new Map<string, [number, number][]>(li.fields.map((f) => [f, []]));
  // Field refs in the order lunr first meets them (term, then field, then ref in key order).
  // (Two parallel arrays, not an object per field ref: a common term has hundreds.)
  const refFields: string[] = [];
  const refs: string[] = [];
  const seen = new Map<string, Set<string>>(li.fields.map((f) => [f, new Set<string>()]));
  for (const t of terms) {
    // lunr expands a term through the token set of the index's own keys: an unknown term adds nothing.
    if (!Object.hasOwn(li.invertedIndex, t.term)) continue;
    const posting = li.invertedIndex[t.term];
    const termIndex = posting._index as number;
    for (const field of t.fields ?? li.fields) {
      const q = queryVectors.get(field);
      const fieldPosting = posting[field];
      if (!q || typeof fieldPosting !== 'object') return viaLunr(index, terms);
      const at = q.findIndex(([i]) => i >= termIndex);
      if (at >= 0 && q[at][0] === termIndex) q[at][1] += t.boost;
      else q.splice(at < 0 ? q.length : at, 0, [termIndex, t.boost]);
      const seenInField = seen.get(field)!;
      for (const ref of Object.keys(fieldPosting)) {
        if (!seenInField.has(ref)) {
          seenInField.add(ref);
          refFields.push(field);
          refs.push(ref);
        }
      }
    }
  }
  const magnitudes = new Map<string, number>();
  for (const [field, q] of queryVectors) {
    let sumOfSquares = 0;
    for (const [, v] of q) sumOfSquares += v * v;
    magnitudes.set(field, Math.sqrt(sumOfSquares));
  }
  const results: RefScore[] = [];
  const byRef = new Map<string, RefScore>();
  // By position, not by the `field/ref` key: one string built and hashed per field ref otherwise.
  const table = vectorTable(index);
  for (let i = 0; i < refs.length; i++) {
    const field = refFields[i];
    const ref = refs[i];
    const elements = vectorAt(table, field, refPosition(ref)) ?? li.fieldVectors[`${field}/${ref}`]?.elements;
    if (!elements) return viaLunr(index, terms);
    let dot = 0;
    for (const [termIndex, v] of queryVectors.get(field)!) {
      const d = valueAt(elements, termIndex);
      if (d !== 0) dot += v * d;
    }
    const score = dot / magnitudes.get(field)! || 0;
    const prev = byRef.get(ref);
    if (prev) prev.score += score;
    else {
      const r = { ref, score };
      byRef.set(ref, r);
      results.push(r);
    }
  }
  return results.sort((a, b) => b.score - a.score);
}

/** The same query through lunr. */
function viaLunr(index: lunr.Index, terms: PlainTerm[]): RefScore[] {
  return index
    .query((q) => {
      for (const t of terms) q.term(t.term, t.fields ? { usePipeline: false, boost: t.boost, fields: t.fields } : { usePipeline: false, boost: t.boost });
    })
    .map((r) => ({ ref: r.ref, score: r.score }));
}
