/**
 * Equally scored hits are ordered by passage id with `localeCompare`. A question that names a product
 * makes thousands of hits, most of them tied, and a collation per comparison made that sort a large part
 * of the answer. So the ids of an index are collated once, and the sort compares their ranks instead.
 */
import type { SearchIndex } from '../searchIndex';
import { derived } from './derived';

/** Passage id → its place in `localeCompare` order; ids that collate as equal share a place. */
export type IdOrder = ReadonlyMap<string, number>;

/** Ranks of `ids` in `localeCompare` order, equal ranks for ids that collate as equal. */
export function collationRanks(ids: Iterable<string>): IdOrder {
  const sorted = [...ids].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((id, i) => {
    // Collation is a total preorder: neighbours that compare equal are equal for every comparison.
    if (i > 0 && sorted[i - 1].localeCompare(id) !== 0) rank++;
    ranks.set(id, rank);
  });
  return ranks;
}

/** The ranks of the index's passage ids (built on first use, then kept with the index). */
export const idOrder = derived((index: SearchIndex): IdOrder => collationRanks(index.byId.keys()));

/**
 * Sorts items by `score` (highest first), then by passage id as `localeCompare` orders it, exactly as
 * `items.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))` does, with the ranks of `order`.
 * Items whose id the order does not know are sorted by collating them.
 */
export function sortByScoreThenId<T>(items: T[], score: (item: T) => number, id: (item: T) => string, order: IdOrder): T[] {
  const ranks = items.map((item) => order.get(id(item)));
  if (ranks.some((r) => r === undefined)) return items.sort((a, b) => score(b) - score(a) || id(a).localeCompare(id(b)));
  return sortByScoreThenRank(items, items.map(score), ranks as number[]);
}

/**
 * Sorts items in place by `scores[i]` (highest first), then by `ranks[i]` (lowest first); items equal in
 * both keep their order. `scores` and `ranks` are parallel to `items` (read before the sort moves them).
 */
export function sortByScoreThenRank<T>(items: T[], scores: readonly number[], ranks: ArrayLike<number>): T[] {
  // Positions are sorted (the sort is stable), so equal items keep their order as in `items.sort`.
  const positions = items.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || ranks[i] - ranks[j]);
  const sorted = positions.map((i) => items[i]);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i];
  return items;
}

/**
 * The {@link idOrder} rank of each passage's id, by position in `index.passages` (both language versions
 * of a passage share their id, so their rank): an array read instead of a keyed lookup per hit.
 */
export const positionRanks = derived((index: SearchIndex): Int32Array => {
  const order = idOrder(index);
  return Int32Array.from(index.passages, (p) => order.get(p.id) ?? -1);
});

/**
 * A dense number for each distinct passage id (0 … count − 1), by position in `index.passages`: both
 * language versions of a passage share it, so per-question tables of hits can be arrays, not maps.
 */
export const positionIdNumbers = derived((index: SearchIndex): { count: number; at: Int32Array } => {
  const of = new Map<string, number>();
  for (const id of index.byId.keys()) of.set(id, of.size);
  const at = Int32Array.from(index.passages, (p) => {
    let k = of.get(p.id);
    if (k === undefined) of.set(p.id, (k = of.size));
    return k;
  });
  return { count: of.size, at };
});
