/**
 * The first position in `[0, length)` at which `before(i)` is false, for a `before` that is true on a
 * prefix and false after it (a sorted table searched by halving). `length` when it is true everywhere.
 * One search shared by the sorted tables of the query path: WordNet's sense lines, the Dutch lexicon's
 * words and the typo index's deletion keys.
 */
export function lowerBound(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
