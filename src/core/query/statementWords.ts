/**
 * Words said only in the statements that lead up to a question: "We scrubbed a former employee from Box.
 * Will Cloud App Security eventually drop …?", "Our DLP vendor works over ICAP. If we hook it up …?". Chat
 * sets the scene in sentences of its own before it asks; a word there that no page uses tells where the
 * asker stands, not what is asked, so it does not count against the question as an off-topic word would.
 * A name there is still a product the question may be about ("Our data moved to Zoom. Where is it kept?").
 */
import { tokenize } from '../analyzer';
import { asks, lastQuestion, sentencesOf } from './sentences';

/** Folded words that occur in the statements before the last question sentence and in no question sentence. */
export function statementWords(text: string): Set<string> {
  const sentences = sentencesOf(text);
  const last = lastQuestion(sentences);
  const out = new Set<string>();
  if (last <= 0) return out;
  const asked = new Set(sentences.filter(asks).flatMap((s) => tokenize(s)));
  for (const s of sentences.slice(0, last)) if (!asks(s)) for (const w of tokenize(s)) if (!asked.has(w)) out.add(w);
  return out;
}
