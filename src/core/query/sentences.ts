/**
 * Sentences of a chat message, as the focus rules (`focus.ts`) and the statement rule
 * (`statementWords.ts`) read them: one owner for where a sentence ends and which one asks.
 */

// A sentence ends at . ! ? (one or more) followed by white space.
const SENTENCE_END = /(?<=[.!?])\s+/;

/** The non-empty sentences of a text, in order. */
export function sentencesOf(text: string): string[] {
  return text.split(SENTENCE_END).filter((s) => s.trim() !== '');
}

/** True when a sentence asks: it ends in a question mark. */
export function asks(sentence: string): boolean {
  return /\?\s*$/.test(sentence);
}

/** Position of the last sentence that asks; -1 when none does. */
export function lastQuestion(sentences: readonly string[]): number {
  let i = sentences.length - 1;
  while (i >= 0 && !asks(sentences[i])) i--;
  return i;
}
