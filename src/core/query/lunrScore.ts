/**
 * lunr's scoring of a list of plain terms, without lunr's query machinery. `lunr.Index.query` builds a
 * token set per term, a `lunr.Set` per posting list, a `MatchData` per posting and walks every matched
 * field vector in full; for plain terms (no wildcard, no pipeline, optional presence) the result is
 * fixed by three things only: the query vector per field, the dot product with each field vector and
 * the order fields and refs are first met. This module computes exactly those, in lunr's order and with
 * lunr's floating-point operations, so scores and tie order are the same as `index.query()`'s. Each
 * term's posting is read once per index into positions and the term's value in each ref's vector, so a
 * dot product is summed term by term over postings (in the query vector's order, as lunr adds them)
 * instead of a binary search per term in every matched vector.
 */
import lunr from 'lunr';
import { refPosition, vectorAt, vectorTable, type VectorTable } from './vectorTable';

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
  const table = vectorTable(index);
  const size = table.get(li.fields[0])?.length ?? 0;
  const scratch = scratchOf(index, li.fields.length, size);
  try {
    return score(li, index, terms, table, scratch);
  } finally {
    // The buffers are kept with the index (one question at a time): only what this query touched is reset.
    const { refFields, refs, seen, dots, met, scores } = scratch;
    for (let i = 0; i < refs.length; i++) {
      seen[refFields[i]][refs[i]] = 0;
      dots[refFields[i]][refs[i]] = 0;
      met[refs[i]] = 0;
      scores[refs[i]] = 0;
    }
    refFields.length = 0;
    refs.length = 0;
  }
}

/**
 * Per-position buffers of one index, zero between queries and reused by every query (allocating them per
 * query is GC work): the field refs met, as positions in the order lunr first meets them (term, then
 * field, then ref in key order) with their field numbers, a flag per field and position, each field ref's
 * dot product, and each ref's score.
 */
interface Scratch {
  size: number;
  refFields: number[];
  refs: number[];
  seen: Uint8Array[];
  dots: Float64Array[];
  scores: Float64Array;
  met: Uint8Array;
}

const scratches = new WeakMap<object, Scratch>();

function scratchOf(index: lunr.Index, fields: number, size: number): Scratch {
  let s = scratches.get(index);
  if (!s || s.size !== size || s.seen.length !== fields) {
    s = {
      size,
      refFields: [],
      refs: [],
      seen: Array.from({ length: fields }, () => new Uint8Array(size)),
      dots: Array.from({ length: fields }, () => new Float64Array(size)),
      scores: new Float64Array(size),
      met: new Uint8Array(size),
    };
    scratches.set(index, s);
  }
  return s;
}

/** The body of {@link scorePlainTerms}, over a zeroed scratch; every position it touches is pushed to `scratch.refs`. */
function score(li: LunrInternals, index: lunr.Index, terms: PlainTerm[], table: VectorTable, scratch: Scratch): RefScore[] {
  const { refFields, refs, seen, dots, scores, met } = scratch;
  // Query vector per field as lunr builds it: each known term's boost at the term's index, sorted.
  const queryVectors = new Map<string, [number, number][]>(li.fields.map((f) => [f, []]));
  const postingsAt = li.fields.map(() => new Map<number, PostingEntry>());
  for (const t of terms) {
    // lunr expands a term through the token set of the index's own keys: an unknown term adds nothing.
    if (!Object.hasOwn(li.invertedIndex, t.term)) continue;
    const posting = li.invertedIndex[t.term];
    const termIndex = posting._index as number;
    for (const field of t.fields ?? li.fields) {
      const q = queryVectors.get(field);
      const fieldPosting = posting[field];
      const f = li.fields.indexOf(field);
      if (!q || f < 0 || typeof fieldPosting !== 'object') return viaLunr(index, terms);
      const at = q.findIndex(([i]) => i >= termIndex);
      if (at >= 0 && q[at][0] === termIndex) q[at][1] += t.boost;
      else q.splice(at < 0 ? q.length : at, 0, [termIndex, t.boost]);
      const entry = postingEntry(fieldPosting, termIndex, table, field);
      // A ref that is not a position of ours, or one without a vector in the table: lunr scores this query.
      if (!entry) return viaLunr(index, terms);
      const positions = entry.positions;
      postingsAt[f].set(termIndex, entry);
      const seenInField = seen[f];
      for (let k = 0; k < positions.length; k++) {
        const position = positions[k];
        if (seenInField[position] === 0) {
          seenInField[position] = 1;
          refFields.push(f);
          refs.push(position);
        }
      }
    }
  }
  const magnitudes: number[] = [];
  const queries: [number, number][][] = [];
  for (const field of li.fields) {
    const q = queryVectors.get(field)!;
    let sumOfSquares = 0;
    for (const [, v] of q) sumOfSquares += v * v;
    magnitudes.push(Math.sqrt(sumOfSquares));
    queries.push(q);
  }
  // Each field ref's dot product with the query vector, summed term by term in the query vector's order
  // (ascending term index), which is the order lunr's vector dot product adds them in.
  for (let f = 0; f < li.fields.length; f++) {
    const dot = dots[f];
    for (const [termIndex, v] of queries[f]) {
      const entry = postingsAt[f].get(termIndex);
      if (!entry) continue;
      const { positions, values } = entry;
      for (let k = 0; k < positions.length; k++) if (values[k] !== 0) dot[positions[k]] += v * values[k];
    }
  }
  const order: number[] = [];
  for (let i = 0; i < refs.length; i++) {
    const f = refFields[i];
    const position = refs[i];
    const score = dots[f][position] / magnitudes[f] || 0;
    if (met[position] === 1) scores[position] += score;
    else {
      met[position] = 1;
      scores[position] = score;
      order.push(position);
    }
  }
  const results: RefScore[] = order.map((position) => ({ ref: String(position), score: scores[position] }));
  return results.sort((a, b) => b.score - a.score);
}

/** One field posting of a term: its refs as positions (lunr's key order) and the term's value in each ref's vector. */
interface PostingEntry {
  positions: Int32Array;
  values: Float64Array;
}

const entries = new WeakMap<object, PostingEntry | null>();

/**
 * The refs of one field posting as positions, in lunr's key order (integer keys iterate ascending), with
 * the term's value in each ref's field vector; made once per posting (the index is immutable). Null when
 * a ref is not a canonical position or has no vector in the table.
 */
function postingEntry(fieldPosting: Record<string, unknown>, termIndex: number, table: VectorTable, field: string): PostingEntry | null {
  let entry = entries.get(fieldPosting);
  if (entry === undefined) {
    const keys = Object.keys(fieldPosting);
    entry = { positions: new Int32Array(keys.length), values: new Float64Array(keys.length) };
    for (let k = 0; k < keys.length; k++) {
      const p = refPosition(keys[k]);
      // Every field's vectors span the same positions, so a position with a vector is inside the scratch buffers.
      const elements = vectorAt(table, field, p);
      if (!elements) {
        entry = null;
        break;
      }
      entry.positions[k] = p;
      entry.values[k] = valueAt(elements, termIndex);
    }
    entries.set(fieldPosting, entry);
  }
  return entry;
}

/** The same query through lunr. */
function viaLunr(index: lunr.Index, terms: PlainTerm[]): RefScore[] {
  return index
    .query((q) => {
      for (const t of terms) q.term(t.term, t.fields ? { usePipeline: false, boost: t.boost, fields: t.fields } : { usePipeline: false, boost: t.boost });
    })
    .map((r) => ({ ref: r.ref, score: r.score }));
}
