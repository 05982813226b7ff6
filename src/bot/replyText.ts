/**
 * The wording of an answer, made from the engine's structure once for every channel: the cross-language
 * note, the "depends on the product" intro, the quoted lines with their citation numbers, "see also",
 * the abstention text for its reason, and a source's label. Channels only add their own markup (Teams
 * markdown, Slack mrkdwn, plain text); none of them adds a note or an intro of its own, and none parses
 * `[n]` back out of text.
 */
import type { AbstainReason, Answer, Citation, Translate } from '../core/types';

/** One quoted line: the product label only when the answer has several lines. */
export interface ReplyLine {
  label?: string;
  text: string;
  /** Citation numbers (1-based) supporting the line. */
  citations: number[];
}

/** The parts of an answered reply, in display order. */
export interface ReplyParts {
  /** "The quoted text is in English" when a quote is in the other language; said once. */
  note?: string;
  /** "That depends on the product:" when there are several lines. */
  intro?: string;
  lines: ReplyLine[];
  /** "See also [3]." for citations no line quotes. */
  seeAlso?: string;
}

/** `[1][2]` for a line's citations (no leading space). */
export function markers(citations: number[]): string {
  return citations.map((n) => `[${n}]`).join('');
}

/** The parts of an answered reply; empty lines for an abstention. */
export function replyParts(answer: Answer, t: Translate): ReplyParts {
  const lang = answer.language;
  const several = answer.lines.length > 1;
  const lines: ReplyLine[] = answer.lines.map((l) => ({
    ...(several ? { label: l.label } : {}),
    text: l.text.trim(),
    citations: l.citations,
  }));
  const parts: ReplyParts = { lines };
  if (answer.crossLanguage) parts.note = t('answer.otherLanguage', lang);
  if (several) parts.intro = t('answer.multiIntro', lang);
  if (answer.seeAlso.length > 0) parts.seeAlso = t('answer.seeAlso', lang, { refs: answer.seeAlso.map((n) => `[${n}]`).join(', ') });
  return parts;
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

/** What the bot says when it does not answer, for the abstention's reason, in the reply language. */
export function abstentionText(answer: Answer, t: Translate): string {
  return t(ABSTENTION_KEY[answer.reason ?? 'no-match'], answer.language);
}

/** A line as plain text: `label: text [n]`, or `text [n]`. */
export function plainLine(line: ReplyLine): string {
  const refs = line.citations.length > 0 ? ` ${markers(line.citations)}` : '';
  return `${line.label ? `${line.label}: ` : ''}${line.text}${refs}`;
}

/** The answer as plain text with `[n]` markers (CLI, notifications, fallbacks). */
export function plainAnswerText(answer: Answer, t: Translate): string {
  if (!answer.answered) return abstentionText(answer, t);
  const p = replyParts(answer, t);
  const out: string[] = [];
  if (p.note) out.push(p.note);
  if (p.intro) out.push(p.intro);
  out.push(...p.lines.map((l) => (p.intro ? `• ${plainLine(l)}` : plainLine(l))));
  if (p.seeAlso) out.push(p.seeAlso);
  return out.join('\n');
}

const sameWords = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * A source's label: "page title — section", or the title alone when the section is the page's own
 * heading (or missing), so a source never reads "title — title".
 */
export function sourceLabel(c: Pick<Citation, 'title' | 'section'>): string {
  const title = c.title.trim();
  const section = (c.section ?? '').trim();
  if (!section || sameWords(section, title)) return title || section;
  if (!title) return section;
  return `${title} — ${section}`;
}

/** The reply text as the CLI and the logs use it (see {@link replyText}). */
export interface ReplyText {
  intro?: string;
  /** One entry per answer line: the quote with its markers (prefixed with the product for several). */
  lines: string[];
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

/** The reply text of an answer as plain strings, made from {@link replyParts}. */
export function replyText(answer: Answer, t: Translate): ReplyText {
  if (!answer.answered) {
    const abstention = abstentionText(answer, t);
    return { lines: [], abstention, markers: [], text: abstention };
  }
  const p = replyParts(answer, t);
  const lines = p.lines.map((l) => (p.intro ? `• ${plainLine(l)}` : plainLine(l)));
  return {
    ...(p.intro ? { intro: p.intro } : {}),
    lines,
    ...(p.seeAlso ? { seeAlso: p.seeAlso } : {}),
    ...(p.note ? { note: p.note } : {}),
    markers: [...answer.lines.flatMap((l) => l.citations), ...answer.seeAlso],
    text: plainAnswerText(answer, t),
  };
}
