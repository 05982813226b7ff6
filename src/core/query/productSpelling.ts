/**
 * Product names as the asker mistypes them ("defender for endpiont", "cloud app secuirty"): before products
 * are resolved, a word no page uses and no dictionary accepts whose one correction is a word of a covered
 * product's name is read as that word. Products are resolved by exact tokens (`products.ts`), so without
 * this a typo in a name left the question without its page constraint. A real word in a name's place
 * ("clod app security") is read as the name's word only where the rest of a name of three words or more
 * stands around it. The typo index holds the product name tokens (`typoVocabulary` in `resources.ts`).
 */
import { derived } from './derived';
import type { ProductCatalog } from './products';
import { correctWord, type TypoIndex } from './typos';

/** The words of the names of products some page covers. */
const coveredNameWords = derived((catalog: ProductCatalog): ReadonlySet<string> => {
  const out = new Set<string>();
  for (const e of catalog.entries) if (e.docIds.length > 0) for (const t of e.tokens) out.add(t);
  return out;
});

/**
 * `tokens` with each mistyped product-name word replaced by the name's word, position for position.
 * `known(word)`: the index or a dictionary knows it (a real word is never corrected).
 */
export function productSpellings(tokens: readonly string[], catalog: ProductCatalog, typos: TypoIndex, known: (word: string) => boolean): string[] {
  const words = coveredNameWords(catalog);
  const out = tokens.map((t) => {
    if (words.has(t) || known(t)) return t;
    const fixes = correctWord(t, typos);
    return fixes.length === 1 && words.has(fixes[0].target) ? fixes[0].target : t;
  });
  // A real word that slipped in for a name's word ("clod app security"): corrected only where the rest of
  // a covered name of three words or more stands around it exactly.
  for (let i = 0; i < out.length; i++) {
    if (words.has(out[i]) || !(words.has(out[i - 1] ?? '') || words.has(out[i + 1] ?? ''))) continue;
    const fixes = correctWord(out[i], typos).filter((f) => words.has(f.target));
    const fix = fixes.find((f) => completesName(out, i, f.target, catalog));
    if (fix) out[i] = fix.target;
  }
  return out;
}

/** True when `tokens` with `word` at `i` hold a covered name of 3+ words over `i`, every other word exact. */
function completesName(tokens: readonly string[], i: number, word: string, catalog: ProductCatalog): boolean {
  return catalog.entries.some((e) => {
    if (e.docIds.length === 0 || e.tokens.length < 3) return false;
    return e.tokens.some((t, j) => t === word && e.tokens.every((u, k) => (k === j ? true : tokens[i - j + k] === u)));
  });
}
