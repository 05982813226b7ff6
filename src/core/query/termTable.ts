/**
 * The term indexes of lunr's field vectors, packed per field into one Int32Array with offsets by passage
 * position. Ranking only asks which terms a candidate's field holds (presence, never the value); reading
 * that from thousands of separate vector arrays spread over the heap costs a cache miss or two per
 * candidate and field, while the candidates of one page sit next to each other here.
 */
import type lunr from 'lunr';
import { derived } from './derived';
import { vectorTable } from './vectorTable';

/** One field's term indexes: those of position p are `terms[offsets[p]]` up to `terms[offsets[p + 1]]`, ascending. */
export interface FieldTerms {
  terms: Int32Array;
  /** `size + 1` offsets; a position with no vector in the table has `missing[p]` = 1. */
  offsets: Int32Array;
  missing: Uint8Array;
}

/** Field → its packed term indexes. */
export type TermTable = ReadonlyMap<string, FieldTerms>;

/** The packed term indexes of a lunr index's field vectors (built on first use from {@link vectorTable}, then kept with the index). */
export const termTable = derived((index: lunr.Index): TermTable => {
  const byField = new Map<string, FieldTerms>();
  for (const [field, vectors] of vectorTable(index)) {
    let total = 0;
    for (const v of vectors) if (v) total += v.length >> 1;
    const terms = new Int32Array(total);
    const offsets = new Int32Array(vectors.length + 1);
    const missing = new Uint8Array(vectors.length);
    let at = 0;
    for (let p = 0; p < vectors.length; p++) {
      offsets[p] = at;
      const v = vectors[p];
      if (!v) {
        missing[p] = 1;
        continue;
      }
      for (let e = 0; e < v.length; e += 2) terms[at++] = v[e];
    }
    offsets[vectors.length] = at;
    byField.set(field, { terms, offsets, missing });
  }
  return byField;
});
