/**
 * Names as the asker writes them: a word capitalised where a sentence does not start ("Where does Zoom
 * store …", "… op een Linux-server"), or with a capital inside a lower-case start ("macOS", "iPhone").
 * Chat writes common words in lower case, so a capital there is the asker's own mark of a name; an acronym
 * is not (a regulation, a body or a product alike). The plan reads such a word that no page uses as a
 * product the pages do not cover, unless it is a place (see `plan.ts`, `places.ts`).
 */
import { tokenize } from '../analyzer';

/** A sentence starts at the beginning of the text or after one of these (the next word is capitalised by grammar). */
const SENTENCE_END = /^[.?!:;"'“”‘’()[\]\-–—•*>]$/u;

/**
 * The folded tokens of words written as names, each with the word as written (the first time it occurs).
 * Only when the text writes some word mid-sentence in lower case: in Title Case or all capitals
 * ("Data Residency EU") a capital marks nothing.
 */
export function writtenNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const word = /[\p{L}\p{N}]+/gu;
  let lower = false;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const w = m[0];
    // The last character before the word that is not white space (none: the text starts here).
    let at = m.index - 1;
    while (at >= 0 && /\s/u.test(text[at])) at--;
    const startsSentence = at < 0 || SENTENCE_END.test(text[at]);
    if (!startsSentence && /^\p{Ll}/u.test(w)) lower = true;
    // An acronym is as often a regulation or a body ("CCPA", "NEN 7510", "FBI") as a product: no mark.
    const acronym = !/\p{Ll}/u.test(w);
    const name = !acronym && ((!startsSentence && /^\p{Lu}/u.test(w)) || /^\p{Ll}+\p{Lu}/u.test(w));
    if (!name) continue;
    for (const t of tokenize(w)) if (!out.has(t)) out.set(t, w);
  }
  return lower ? out : new Map();
}
