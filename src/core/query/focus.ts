/**
 * The long-paste rule. Someone who pastes a log, a mail or an article and then asks about it means the
 * question, not the paste: in a long text the question sentences (the last ones ending in "?") are the
 * focus and weigh fully; the rest is context that may help ranking but never decides coverage.
 */
import type { Tuning } from './tuning';

/** A question split into what is asked and what surrounds it. */
export interface Focus {
  /** The text whose concepts weigh fully and decide whether the pages answer. */
  focus: string;
  /** The rest of a long paste (empty for an ordinary question). */
  context: string;
}

// A sentence ends at . ! ? (one or more) followed by white space.
const SENTENCE_END = /(?<=[.!?])\s+/;

/** Splits a text into its focus and its context; an ordinary question is all focus. */
export function focusOf(question: string, tuning: Pick<Tuning, 'focusAbove' | 'maxChars'>): Focus {
  if (question.length <= tuning.focusAbove) return { focus: question, context: '' };
  const sentences = question.split(SENTENCE_END).filter((s) => s.trim() !== '');
  const asks = (s: string) => /\?\s*$/.test(s);
  const budget = tuning.focusAbove;
  // The last question sentence, and those right before it while they fit: people ask at the end.
  let end = sentences.length - 1;
  while (end >= 0 && !asks(sentences[end])) end--;
  // No question mark anywhere: the closing sentence is the best guess of what is wanted.
  if (end < 0) end = sentences.length - 1;
  let start = end;
  let length = sentences[end].length;
  while (start > 0 && asks(sentences[start - 1]) && length + sentences[start - 1].length + 1 <= budget) {
    start--;
    length += sentences[start].length + 1;
  }
  const focus = sentences.slice(start, end + 1).join(' ').slice(-budget);
  const rest = [...sentences.slice(0, start), ...sentences.slice(end + 1)].join(' ');
  return { focus, context: rest.slice(-tuning.maxChars) };
}
