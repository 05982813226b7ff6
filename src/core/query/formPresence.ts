/**
 * Which of a question's forms a passage's field vector holds, found in one pass over its term indexes.
 * Ranking asks, for every candidate (thousands when the question names a product), whether each of the
 * question's forms (tens) is in its heading and in its body. A binary search per form and field costs
 * a few comparisons each; walking the vector and the question's term indexes side by side, both sorted,
 * costs one step per element of either. Presence only: the values in the vector are never read.
 */

/** The term indexes of a question's forms, sorted, each with the slot (form number) it marks. */
export interface FormLookup {
  /** Term indexes, ascending; a term two forms share appears twice. */
  readonly terms: Int32Array;
  /** The form slot of each entry of `terms`. */
  readonly slots: Int32Array;
}

/** The lookup of forms whose term indexes are `termIndexes` (slot i = `termIndexes[i]`). */
export function formLookup(termIndexes: readonly number[]): FormLookup {
  const order = termIndexes.map((_, i) => i).sort((a, b) => termIndexes[a] - termIndexes[b] || a - b);
  return { terms: Int32Array.from(order, (i) => termIndexes[i]), slots: Int32Array.from(order) };
}

/**
 * Sets `bit` in `flags[slot]` for every form whose term is among `terms[start]` … `terms[end - 1]`: the
 * ascending term indexes of one field vector (see `termTable.ts`).
 */
export function markPresent(lookup: FormLookup, terms: ArrayLike<number>, start: number, end: number, flags: Uint8Array, bit: number): void {
  const wanted = lookup.terms;
  const slots = lookup.slots;
  let e = start;
  for (let j = 0; j < wanted.length; j++) {
    const term = wanted[j];
    while (e < end && terms[e] < term) e++;
    if (e >= end) return;
    if (terms[e] === term) flags[slots[j]] |= bit;
  }
}
