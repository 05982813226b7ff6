/**
 * Ranking helpers that work on the ranked hits: one hit per section, the best other page.
 */
import { passageSectionKey } from '../passageId';
import type { Hit } from './retrieve';

/** Best hit per section, in rank order. */
export function bestPerSection(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = passageSectionKey(h.passage);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How far the best section is ahead of the best section of another page, as a share of its score (0–1):
 * a clear winner, or a question several pages answer about equally.
 */
export function marginOverNextPage(sections: Hit[]): number {
  const top = sections[0];
  if (!top || top.score <= 0) return 0;
  const next = sections.find((h) => h.passage.docId !== top.passage.docId);
  if (!next) return 1;
  return Math.min(1, Math.max(0, (top.score - next.score) / top.score));
}
