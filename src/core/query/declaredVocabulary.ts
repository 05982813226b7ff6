/**
 * Which stems the declared pages use. With a bulk tree indexed beside the curated privacy pages, a word
 * only tree pages use ("laptops", "grab") is known to the index but not to the bot's subject: the gate
 * then treats it the way it treats a word no page uses (filler or an off-domain topic), so adding breadth
 * does not change what counts as a covered question. Without bulk pages every known stem is declared.
 */
import type { SearchIndex } from '../searchIndex';
import type { Lang } from '../types';
import { postingsOf } from './lunrScore';
import { refPosition } from './vectorTable';

const cache = new WeakMap<SearchIndex, Map<string, boolean>>();

/** True when the manifest declares product names for the page: one of the bot's own privacy pages, not bulk. */
export function isDeclaredPage(index: SearchIndex, docId: string): boolean {
  return (index.docById.get(docId)?.products.length ?? 0) > 0;
}

/** True when some passage of a declared page (one with product names) holds the stem in language `lang`. */
export function usedOnDeclaredPages(index: SearchIndex, lang: Lang, stem: string): boolean {
  if (!index.hasBulkPages) return (index.langs[lang]?.df.get(stem) ?? 0) > 0;
  let memo = cache.get(index);
  if (!memo) cache.set(index, (memo = new Map()));
  const key = `${lang}:${stem}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const li = index.langs[lang];
  const postings = li && postingsOf(li.lunr);
  // Own keys only: a question word such as "constructor" must not reach the prototype.
  const fields = postings && Object.hasOwn(postings, stem) ? postings[stem] : undefined;
  let found = false;
  if (fields) {
    for (const [field, refs] of Object.entries(fields)) {
      if (field === '_index' || typeof refs !== 'object') continue;
      for (const ref of Object.keys(refs)) {
        const docId = index.passages[refPosition(ref)]?.docId;
        if (docId !== undefined && isDeclaredPage(index, docId)) {
          found = true;
          break;
        }
      }
      if (found) break;
    }
  }
  // Bounded by the index's vocabulary: only stems the index holds get here with a posting list.
  if (fields) memo.set(key, found);
  return found;
}
