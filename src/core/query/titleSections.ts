/**
 * Title sections: the first section of a page that has further sections in its language carries the
 * page's title as its heading. Retrieval reads such a section by its text only (`retrieve.ts`).
 */
import type { SearchIndex } from '../searchIndex';
import { derived } from './derived';

/**
 * Per passage position, 1 when it is in the first section of a page that has further sections in that
 * language: that section's heading is the page's title ("Microsoft Cloud App Security data security and
 * privacy"). It names the page, not what the section under it says, so it is not read as the section's
 * heading (on train, dev and dev2, 6 of 7 answers from such a section were wrong). A page of one section
 * keeps its heading.
 */
export const titleSectionsOf = derived((index: SearchIndex): Uint8Array => {
  const out = new Uint8Array(index.passages.length);
  const firstAnchor = new Map<string, string>();
  const sections = new Map<string, Set<string>>();
  index.passages.forEach((p) => {
    const key = `${p.docId}\t${p.lang}`;
    if (!firstAnchor.has(key)) firstAnchor.set(key, p.anchor);
    let set = sections.get(key);
    if (!set) sections.set(key, (set = new Set()));
    set.add(p.anchor);
  });
  index.passages.forEach((p, i) => {
    const key = `${p.docId}\t${p.lang}`;
    if ((sections.get(key)?.size ?? 0) > 1 && firstAnchor.get(key) === p.anchor) out[i] = 1;
  });
  return out;
});
