/**
 * Equally scored hits are ordered by passage id with `localeCompare`. A question that names a product
 * makes thousands of hits, most of them tied, and a collation per comparison made that sort a large part
 * of the answer. So the ids of an index are collated once, and the sort compares their ranks instead.
 */
import type { SearchIndex } from '../searchIndex';

/** Passage id → its place in `localeCompare` order; ids that collate as equal share a place. */
export type IdOrder = ReadonlyMap<string, number>;

const orders = new WeakMap<SearchIndex, IdOrder>();

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
export function idOrder(index: SearchIndex): IdOrder {
  let order = orders.get(index);
  if (!order) orders.set(index, (order = collationRanks(index.byId.keys())));
  return order;
}

/**
 * Sorts items by `score` (highest first), then by passage id as `localeCompare` orders it, exactly as
 * `items.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))` does, with the ranks of `order`.
 * Items whose id the order does not know are sorted by collating them.
 */
export function sortByScoreThenId<T>(items: T[], score: (item: T) => number, id: (item: T) => string, order: IdOrder): T[] {
  const ranks = items.map((item) => order.get(id(item)));
  if (ranks.some((r) => r === undefined)) return items.sort((a, b) => score(b) - score(a) || id(a).localeCompare(id(b)));
  const scores = items.map(score);
  const known = ranks as number[];
  // Positions are sorted (the sort is stable), so equal items keep their order as in `items.sort`.
  const positions = items.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || known[i] - known[j]);
  const sorted = positions.map((i) => items[i]);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i];
  return items;
}
