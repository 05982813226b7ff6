/**
 * The words around an answer, composed once for every channel: the cross-language note, the
 * "depends on the product" intro, the quoted lines with their citation numbers, "see also", and a
 * source's label. Channels only add their own markup (Teams markdown, Slack mrkdwn, plain text), so
 * no renderer adds a note or an intro of its own.
 */
import type { Answer, Citation, Translate } from '../core/types';

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
  const quoted = new Set(answer.lines.flatMap((l) => l.citations));
  const extra = answer.citations.filter((c) => !quoted.has(c.n)).map((c) => `[${c.n}]`);
  const parts: ReplyParts = { lines };
  if (answer.crossLanguage) parts.note = t('answer.otherLanguage', lang);
  if (several) parts.intro = t('answer.multiIntro', lang);
  if (extra.length > 0) parts.seeAlso = t('answer.seeAlso', lang, { refs: extra.join(', ') });
  return parts;
}

/**
 * The abstention's reason in the reply language. Until the engine carries only a reason code, the
 * engine's own sentence is used when it gave one.
 */
export function abstentionText(answer: Answer, t: Translate): string {
  const given = (answer as { text?: unknown }).text;
  if (typeof given === 'string' && given.trim()) return given.trim();
  const reason = (answer as { abstention?: unknown }).abstention;
  return t(reason === 'empty' ? 'answer.empty' : 'answer.notCovered', answer.language);
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
