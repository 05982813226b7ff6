/**
 * What a message asks, apart from what surrounds it.
 * - The long-paste rule. Someone who pastes a log, a mail or an article and then asks about it means the
 *   question, not the paste: in a long text the question sentences (the last ones ending in "?") are the
 *   focus and weigh fully; the rest is context that may help ranking but never decides coverage.
 * - The after-word rule. In chat, what follows the question is said about it, not asked: "… kunt
 *   exporteren? HR vraagt erom", "… anyone know? thanks!". In a short message, the sentences after the
 *   last question sentence are context too. What comes before it stays: it often names the product or
 *   the setting the question is about ("We provisioned MDATP with an EU tenant. Does our data stay …?").
 */
import { asks, lastQuestion, sentencesOf } from './sentences';
import type { Tuning } from './tuning';

/** A question split into what is asked and what surrounds it. */
export interface Focus {
  /** The text whose concepts weigh fully and decide whether the pages answer. */
  focus: string;
  /** The rest of a long paste, or what a short message says after its question (empty for an ordinary question). */
  context: string;
  /** Which rule split it: a long paste, or words after the question; absent when nothing was split off. */
  rule?: 'paste' | 'after';
}

/** Splits a text into its focus and its context; an ordinary question is all focus. */
export function focusOf(question: string, tuning: Pick<Tuning, 'focusAbove' | 'maxChars'>): Focus {
  const sentences = sentencesOf(question);
  if (question.length <= tuning.focusAbove) return afterWords(question, sentences);
  const budget = tuning.focusAbove;
  // The last question sentence, and those right before it while they fit: people ask at the end.
  let end = lastQuestion(sentences);
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
  return { focus, context: rest.slice(-tuning.maxChars), rule: 'paste' };
}

/** A short message: the sentences after its last question sentence are context. */
function afterWords(question: string, sentences: string[]): Focus {
  const last = lastQuestion(sentences);
  if (last < 0 || last === sentences.length - 1) return { focus: question, context: '' };
  return { focus: sentences.slice(0, last + 1).join(' '), context: sentences.slice(last + 1).join(' '), rule: 'after' };
}
