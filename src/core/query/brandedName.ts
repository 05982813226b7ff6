/**
 * Product names a question writes after a brand word, for `products.ts`; and the token-prefix test both share.
 */
import type { ProductCatalog } from './products';

/**
 * The brand words of a catalogue as a set, made once per catalogue's brand list rather than on every call:
 * a question asks at every capitalised brand position. Kept beside the catalogue, not in it, so the
 * persisted index format stays as it is; weak, so a replaced index takes its set with it.
 */
const brandWordSets = new WeakMap<readonly string[][], ReadonlySet<string>>();

function brandWordsOf(brands: readonly string[][]): ReadonlySet<string> {
  let words = brandWordSets.get(brands);
  if (!words) brandWordSets.set(brands, (words = new Set(brands.flat())));
  return words;
}

/** True when token list `a` starts with `b`. */
export const startsWith = (a: readonly string[], b: readonly string[]): boolean => b.length <= a.length && b.every((t, i) => a[i] === t);

/**
 * A name the question writes after a brand word ("Microsoft Teams", "Azure Sentinel") that no entry of the
 * catalogue knows: capitalised words up to the next lower-case word (connectors allowed inside, as in the
 * catalogue), never another brand word or a number. The pages learned their own names by the same rule, so
 * one they do not know is a product they do not cover; the engine still answers from a passage that
 * mentions it (decide.ts).
 */
export function brandedName(tokens: readonly string[], cased: readonly string[] | undefined, i: number, catalog: ProductCatalog, maxWords: number): { end: number; name: string } | undefined {
  if (!cased || !catalog.brands) return undefined;
  const brand = catalog.brands.find((b) => b.every((t, k) => tokens[i + k] === t) && b.every((_, k) => /^\p{Lu}|^\p{N}/u.test(cased[i + k] ?? '')));
  if (!brand) return undefined;
  const brandWords = brandWordsOf(catalog.brands);
  let end = i + brand.length;
  while (end < tokens.length && end - i - brand.length < maxWords && /^\p{Lu}/u.test(cased[end] ?? '') && !brandWords.has(tokens[end])) end++;
  if (end === i + brand.length) return undefined;
  // One that extends or shortens a page's own name is that page's, or ambiguous between pages ("Microsoft Defender").
  const run = tokens.slice(i, end);
  if (catalog.entries.some((e) => e.docIds.length > 0 && (startsWith(run, e.tokens) || startsWith(e.tokens, run)))) return undefined;
  return { end, name: cased.slice(i, end).join(' ') };
}
