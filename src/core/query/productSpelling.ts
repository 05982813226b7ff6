/**
 * Product names as the asker mistypes them ("defender for endpiont", "cloud app secuirty"): before products
 * are resolved, a word no page uses and no dictionary accepts whose one correction is a word of a covered
 * product's name is read as that word. Products are resolved by exact tokens (`products.ts`), so without
 * this a typo in a name left the question without its page constraint. The typo index holds the product
 * name tokens (`typoVocabulary` in `resources.ts`).
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
  return tokens.map((t) => {
    if (words.has(t) || known(t)) return t;
    const fixes = correctWord(t, typos);
    return fixes.length === 1 && words.has(fixes[0].target) ? fixes[0].target : t;
  });
}
