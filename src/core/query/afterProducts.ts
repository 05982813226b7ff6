/**
 * Products named after the question. A chat message may say what it is about once it has asked
 * ("… bewaard? Het gaat om Cloud App Security."); the after-word rule (`focus.ts`) makes those words
 * context, and their products are read here so the question keeps its page constraint.
 */
import { tokenize } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import { productSpellings } from './productSpelling';
import { casedTokens, resolveProducts, type ProductResolution } from './products';
import type { TypoIndex } from './typos';

/** The products named by the words after a question, with the token positions of their names. */
export function afterProducts(text: string, index: SearchIndex, typos: TypoIndex, isWord: (w: string) => boolean, surface: (w: string) => boolean): ProductResolution & { inProduct: Set<number> } {
  const spelled = productSpellings(tokenize(text), index.products, typos, (w) => surface(w) || isWord(w));
  const found = resolveProducts(spelled, index.products, casedTokens(text));
  const inProduct = new Set<number>();
  for (const [s, e] of found.spans) for (let i = s; i < e; i++) inProduct.add(i);
  return { ...found, inProduct };
}

/** Adds the products of the words after a question: their pages when the question names none, and every foreign product. */
export function mergeProducts(into: ProductResolution, after: ProductResolution): void {
  if (into.named.size === 0) for (const d of after.named) into.named.add(d);
  for (const f of after.foreign) if (!into.foreign.includes(f)) into.foreign.push(f);
  into.matches.push(...after.matches);
}
