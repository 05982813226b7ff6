/**
 * lunr's field vectors by passage position. lunr keeps them in one object keyed `field/ref`; with tens of
 * thousands of keys that object is a hash table, and every lookup first builds and hashes a new key
 * string. Ranking asks for two vectors per candidate, and a question naming a product has thousands of
 * candidates, so the vectors are put once per lunr index into one array per field, indexed by the ref
 * (our refs are positions in `SearchIndex.passages`).
 */
import type lunr from 'lunr';
import { derived } from './derived';

/** Field → vectors (lunr's sorted `[termIndex, value, …]` elements) indexed by numeric ref. */
export type VectorTable = ReadonlyMap<string, readonly (number[] | undefined)[]>;

/** The parts of a `lunr.Index` read here (public in lunr, untyped in its typings). */
interface LunrVectors {
  fields: string[];
  fieldVectors: Record<string, { elements: number[] } | undefined>;
}

/**
 * The field vectors of a lunr index by field and numeric ref, built on first use and kept with the index
 * (immutable, so never stale). Refs that are not plain non-negative integers (or are far beyond the
 * number of vectors) are left out: a caller that finds no vector falls back to lunr's own structures.
 */
export const vectorTable = derived((index: lunr.Index): VectorTable => {
  const li = index as unknown as LunrVectors;
  const found: { field: string; position: number; elements: number[] }[] = [];
  let size = 0;
  const keys = Object.keys(li.fieldVectors);
  // Refs are passage positions, so about as many as the vectors; a far larger one is not ours to allocate for.
  const limit = Math.max(1024, 8 * keys.length);
  for (const key of keys) {
    const slash = key.indexOf('/');
    const position = refPosition(key.slice(slash + 1));
    const elements = li.fieldVectors[key]?.elements;
    if (!elements || position < 0 || position >= limit) continue;
    found.push({ field: key.slice(0, slash), position, elements });
    size = Math.max(size, position + 1);
  }
  // Filled to full length up front: writing far past the end would turn an array into a slow dictionary.
  const byField = new Map<string, (number[] | undefined)[]>(li.fields.map((f) => [f, new Array<number[] | undefined>(size).fill(undefined)]));
  for (const { field, position, elements } of found) {
    const list = byField.get(field);
    if (list) list[position] = elements;
  }
  return byField;
});

/**
 * The position a ref stands for: a canonical non-negative integer ("12"; not "012", "+1" or "1e3"),
 * else -1. Checked character by character, as it runs for every candidate of every question.
 */
export function refPosition(ref: string): number {
  const n = ref.length;
  if (n === 0 || n > 15 || (n > 1 && ref.charCodeAt(0) === 48)) return -1;
  let position = 0;
  for (let i = 0; i < n; i++) {
    const digit = ref.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    position = position * 10 + digit;
  }
  return position;
}

/** The vector of `field` of the passage at `position` (from {@link refPosition}), if the table has it. */
export function vectorAt(table: VectorTable, field: string, position: number): number[] | undefined {
  return position < 0 ? undefined : table.get(field)?.[position];
}
