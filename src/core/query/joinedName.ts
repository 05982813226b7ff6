/**
 * A covered product name written as one word ("Office365", "CloudAppSecurity"): products are resolved by
 * exact tokens (`products.ts`), and the tokenizer keeps such a word whole.
 */
import { derived } from './derived';
import type { CatalogEntry, ProductCatalog } from './products';

/** Shortest joined spelling matched: shorter ones ("o365" is an alias already) collide with words. */
const MIN_LENGTH = 6;

/** Covered names of two or more words, joined → their entry (the first, longest-name order of the catalogue). */
const joinedNames = derived((catalog: ProductCatalog): ReadonlyMap<string, CatalogEntry> => {
  const out = new Map<string, CatalogEntry>();
  for (const e of catalog.entries) {
    const joined = e.tokens.join('');
    if (e.docIds.length > 0 && e.tokens.length > 1 && joined.length >= MIN_LENGTH && !out.has(joined)) out.set(joined, e);
  }
  return out;
});

/** The covered entry a folded token spells as one word, or undefined. */
export function joinedName(token: string, catalog: ProductCatalog): CatalogEntry | undefined {
  return joinedNames(catalog).get(token);
}
