/**
 * The wording of an answer, made from the engine's structure: the intro of a multi-product answer, a
 * line per product with its `[n]` markers, "see also", the cross-language note (once), or the
 * abstention text for its reason. Channels and the CLI lay these parts out; none of them parses `[n]`
 * back out of text.
 */
import type { AbstainReason, Answer, Translate } from '../core/types';

/** The parts of a reply's text. Markers `[n]` refer to `answer.citations`. */
export interface ReplyText {
  /** "That depends on the product:" before several lines; absent for one line or an abstention. */
  intro?: string;
  /** One entry per answer line: the quote with its markers (prefixed with the product for several). */
  lines: string[];
  /** "See also [2], [3]." when there are see-also citations. */
  seeAlso?: string;
  /** The note that the quoted text is in the other language; present at most once. */
  note?: string;
  /** What the bot says when it does not answer. */
  abstention?: string;
  /** Citation numbers that appear as markers in `lines` and `seeAlso`, in order. */
  markers: number[];
  /** Everything as plain text, one part per line. */
  text: string;
}

const ABSTENTION_KEY: Record<AbstainReason, string> = {
  empty: 'answer.empty',
  vague: 'answer.vague',
  'no-match': 'answer.notCovered',
  'other-product': 'answer.notCovered',
  'foreign-product': 'answer.notCovered',
  'low-coverage': 'answer.notCovered',
  'off-topic': 'answer.notCovered',
};

const marks = (ns: number[]) => ns.map((n) => `[${n}]`).join('');

/** The reply text of an answer, in the answer's language. */
export function replyText(answer: Answer, t: Translate): ReplyText {
  const lang = answer.language;
  if (!answer.answered) {
    const abstention = t(ABSTENTION_KEY[answer.reason ?? 'no-match'], lang);
    return { lines: [], abstention, markers: [], text: abstention };
  }
  const several = answer.lines.length > 1;
  const lines = answer.lines.map((l) => (several ? `• ${l.label}: ${l.text} ${marks(l.citations)}` : `${l.text} ${marks(l.citations)}`));
  const out: ReplyText = { lines, markers: [...answer.lines.flatMap((l) => l.citations), ...answer.seeAlso], text: '' };
  if (several) out.intro = t('answer.multiIntro', lang);
  if (answer.seeAlso.length > 0) out.seeAlso = t('answer.seeAlso', lang, { refs: answer.seeAlso.map((n) => `[${n}]`).join(', ') });
  if (answer.crossLanguage) out.note = t('answer.otherLanguage', lang);
  out.text = [out.intro, ...lines, out.seeAlso, out.note].filter((p) => p !== undefined).join('\n');
  return out;
}
