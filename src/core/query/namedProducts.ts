/**
 * The products a piece of the question names: mistyped name words read as the name's (`productSpelling.ts`),
 * then the longest names resolved (`products.ts`), with the token positions their names take. The plan
 * reads the question this way, and the words after it too: a chat message may say what it is about once it
 * has asked ("… bewaard? Het gaat om Cloud App Security."), and the after-word rule (`focus.ts`) makes those
 * words context, so their products are merged in for the question to keep its page constraint.
 */
import type { SearchIndex } from '../searchIndex';
import { productSpellings } from './productSpelling';
import { casedTokens, resolveProducts, type ProductResolution } from './products';
import type { TypoIndex } from './typos';

/**
 * The products `text` (tokenized as `tokens`) names, with the positions of their names' tokens.
 * `known(word)`: the index or a dictionary knows it (a real word is never read as a mistyped name).
 */
export function namedProducts(text: string, tokens: readonly string[], index: SearchIndex, typos: TypoIndex, known: (w: string) => boolean): ProductResolution & { inProduct: Set<number> } {
  const spelled = productSpellings(tokens, index.products, typos, known);
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
