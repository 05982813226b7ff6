/**
 * Asides of chat: "morning all, …", "sorry if this is a dumb one, but …", "thanks in advance - …". A
 * clause is cut at punctuation or at a dash between spaces.
 */
import { tokenize } from '../analyzer';

/** Clause boundaries of chat: punctuation, and a dash between spaces ("thanks in advance - our auditor …"). */
const CLAUSE_BREAK = /[,;:!?()[\]{}…]+|\s[-–—]+\s|\.\s/u;

/**
 * Words said only in asides: clauses with no word any page knows and no product, next to a clause that has
 * one ("morning all, does …", "sorry if this is a dumb one, but …"). They are conversation around the
 * question, not its topic, so they do not count against it as off-topic words would.
 */
export function asideWords(text: string, tokenCount: number, isDomain: (word: string, tokenIndex: number) => boolean, isStop: (word: string) => boolean): Set<string> {
  const clauses: { words: string[]; domain: boolean }[] = [];
  let at = 0;
  for (const piece of text.split(CLAUSE_BREAK)) {
    const words = tokenize(piece);
    let domain = false;
    for (let k = 0; k < words.length; k++) if (!isStop(words[k]) && isDomain(words[k], at + k)) domain = true;
    at += words.length;
    if (words.length > 0) clauses.push({ words, domain });
  }
  const out = new Set<string>();
  // Tokens of the pieces must be the question's tokens, or positions (product spans) would not line up.
  if (at !== tokenCount || !clauses.some((c) => c.domain)) return out;
  const inTopic = new Set(clauses.filter((c) => c.domain).flatMap((c) => c.words));
  for (const c of clauses) if (!c.domain) for (const w of c.words) if (!inTopic.has(w) && !isStop(w)) out.add(w);
  return out;
}
