/**
 * A product of the same family as a covered one ("Defender for Identity" next to "Defender for Endpoint"):
 * the question writes the first words of a covered name, at least two of them, and then a capitalised word
 * where the name goes on otherwise. That names another product, one no page covers; without this its
 * shared words found the covered page ("identity" → Cloud App Security's identity section).
 */
import { stem } from '../analyzer';
import { startsWith } from './brandedName';
import type { ProductCatalog } from './products';

/** Words of a covered name that must be shared before a different word names a sibling. */
const MIN_SHARED = 2;
/** Most words a sibling's name takes after the shared ones. */
const MAX_EXTRA_WORDS = 3;

/**
 * The sibling name starting at token `i` — the shared words and the capitalised ones after them, as
 * written — or undefined.
 */
export function siblingName(tokens: readonly string[], cased: readonly string[] | undefined, i: number, catalog: ProductCatalog): { end: number; name: string } | undefined {
  if (!cased || !Object.hasOwn(catalog.byFirst, tokens[i])) return undefined;
  for (const at of catalog.byFirst[tokens[i]]) {
    const e = catalog.entries[at];
    if (e.docIds.length === 0) continue;
    let shared = 0;
    while (shared < e.tokens.length && tokens[i + shared] === e.tokens[shared]) shared++;
    const next = i + shared;
    if (shared < MIN_SHARED || shared === e.tokens.length || next >= tokens.length) continue;
    if (!/^\p{Lu}/u.test(cased[next] ?? '')) continue;
    // A covered name that goes on with this word, or a form of it, is that product ("Defender for Cloud
    // Apps", "Defender for Endpoints"), not a sibling.
    const word = stem(tokens[next], 'en');
    const prefix = tokens.slice(i, next);
    const goesOn = (o: number) => {
      const t = catalog.entries[o].tokens;
      return catalog.entries[o].docIds.length > 0 && t.length > shared && startsWith(t, prefix) && stem(t[shared], 'en') === word;
    };
    if (catalog.byFirst[tokens[i]].some(goesOn)) return undefined;
    // The sibling's name runs on over capitalised words and numbers ("Defender for Office 365").
    let end = next + 1;
    while (end < tokens.length && end - next < MAX_EXTRA_WORDS && /^\p{Lu}|^\p{N}/u.test(cased[end] ?? '')) end++;
    return { end, name: cased.slice(i, end).join(' ') };
  }
  return undefined;
}
