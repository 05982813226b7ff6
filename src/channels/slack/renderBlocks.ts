/**
 * Renders a channel-neutral {@link BotReply} as a Slack Block Kit message. Pure: no I/O, no state.
 * Everything that comes from the user or from content is escaped with {@link escapeSlackText};
 * the only markup left unescaped is what this module builds (links, `<@U…>` of the sharer, `*bold*`).
 * Every label comes from the i18next resources (src/bot/locales) through the injected {@link Translate}.
 */
import type { types } from '@slack/bolt';
import { abstentionText, markers, plainAnswerText, replyParts, sourceLabel } from '../../bot/replyText';
import type { BotReply } from '../../bot/types';
import type { Answer, Citation, Lang, Translate } from '../../core/types';
import { escapeLinkLabel, escapeSlackText, isSlackUserId, safeCut, safeLinkUrl, truncateEscaped } from './escapeSlack';

/** Slack's limit for the text of a section block. */
export const MAX_SECTION_CHARS = 3000;
/** Slack's limit for the number of blocks in one message. */
export const MAX_BLOCKS = 50;
/** Length kept for the plain `text` fallback (notifications, screen readers, old clients). */
export const MAX_FALLBACK_CHARS = 3000;

/** action_id of the "Share in channel" button. */
export const ACTION_SHARE = 'share_answer';
/** action_id of the 👍 button. */
export const ACTION_LIKE = 'feedback_like';
/** action_id of the 👎 button. */
export const ACTION_DISLIKE = 'feedback_dislike';

/** A rendered Slack message: blocks plus the plain-text fallback Slack requires. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** How to decorate a rendered reply. */
export interface RenderOptions {
  /** Key of the answer in the adapter's cache, for the "Share in channel" button. */
  key?: string;
  /** Adds the "Share in channel" button (only for ephemeral slash-command answers with a `key`). */
  shareable?: boolean;
  /** Signed feedback token (src/bot/feedbackRef.ts): the value of the 👍/👎 buttons, added when present. */
  feedbackToken?: string;
  /** Slack user id of the person who shared the answer: adds "Shared by <@U…>" and the question. */
  sharedBy?: string;
}

/** Encodes the value of an answer button: the reply language and the cache key. */
export function encodeButtonValue(lang: Lang, key: string): string {
  return `${lang}:${key}`;
}

/** Decodes a button value made by {@link encodeButtonValue}; `undefined` for anything else. */
export function decodeButtonValue(value: string | undefined): { lang: Lang; key: string } | undefined {
  const m = /^(nl|en):([A-Za-z0-9_-]{1,64})$/.exec(value ?? '');
  return m ? { lang: m[1] as Lang, key: m[2] } : undefined;
}

/** Renders any bot reply; `t` supplies the labels (sources, buttons, headings) in the reply's language. */
export function renderReply(reply: BotReply, t: Translate, options: RenderOptions = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply.answer, reply.language, t, options);
    case 'help':
    case 'welcome':
      return renderWithExamples(reply.text, reply.examples, reply.language, t);
    case 'error':
      return assemble(
        [],
        splitSection(escapeSlackText(reply.text)),
        [contextBlock(mrkdwn(t, 'slack.reference', reply.language, { id: escapeSlackText(reply.correlationId) }))],
        escapeSlackText(reply.text),
        reply.language,
        t,
      );
    case 'refusal':
    case 'reindex-started':
    case 'reindex-done':
      return assemble([], splitSection(escapeSlackText(reply.text)), [], escapeSlackText(reply.text), reply.language, t);
  }
}

/** Renders an engine answer: text (or one line per product), numbered sources, provenance, buttons. */
export function renderAnswer(answer: Answer, lang: Lang, t: Translate, options: RenderOptions = {}): SlackMessage {
  const head: types.KnownBlock[] = [];
  if (options.sharedBy !== undefined) {
    // In a channel the readers did not see the question, so show it (escaped) with the sharer.
    const who = isSlackUserId(options.sharedBy) ? `<@${options.sharedBy}>` : '';
    const question = truncateEscaped(escapeSlackText(answer.question), 1500);
    head.push(contextBlock(`${mrkdwn(t, 'card.sharedBy', lang, { user: who }).trim()} · ${mrkdwn(t, 'slack.question', lang, { question })}`));
  }

  const body: string[] = [];
  if (!answer.answered) {
    let text = escapeSlackText(abstentionText(answer, t) || '…');
    if (answer.suggestions.length > 0) {
      text += `\n\n${mrkdwn(t, 'answer.suggestionsIntro', lang)}\n` + answer.suggestions.map((s) => `• ${escapeSlackText(s)}`).join('\n');
    }
    body.push(...splitSection(text));
  } else {
    const p = replyParts({ ...answer, language: lang }, t);
    const out: string[] = [];
    // The cross-language note is said here once, on its own line before the quote.
    if (p.note) out.push(`_${escapeSlackText(p.note)}_`);
    if (p.intro) out.push(escapeSlackText(p.intro));
    for (const l of p.lines) {
      const refs = l.citations.length > 0 ? ` ${markers(l.citations)}` : '';
      out.push(l.label ? `• *${escapeSlackText(l.label)}*: ${escapeSlackText(l.text)}${refs}` : `${escapeSlackText(l.text)}${refs}`);
    }
    if (p.seeAlso) out.push(escapeSlackText(p.seeAlso));
    body.push(...splitSection(out.join('\n') || '…'));
    if (answer.citations.length > 0) {
      const sources = answer.citations.map((c) => `${c.n}. ${citationLink(c)}`).join('\n');
      body.push(...splitSection(`*${mrkdwn(t, 'card.sources', lang)}*\n${sources}`));
    }
  }

  const tail: types.KnownBlock[] = [];
  const provenance = provenanceText(answer, lang, t);
  if (provenance) tail.push(contextBlock(provenance));
  const share = options.shareable === true && options.key !== undefined ? options.key : undefined;
  if (answer.answered && (share !== undefined || options.feedbackToken !== undefined)) {
    tail.push(answerButtons(lang, share, options.feedbackToken, t));
  }

  return assemble(head, body, tail, fallbackText(answer, t), lang, t);
}

/** Help and welcome: the text and a bulleted example list. */
function renderWithExamples(text: string, examples: string[], lang: Lang, t: Translate): SlackMessage {
  const body = splitSection(escapeSlackText(text || '…'));
  if (examples.length > 0) {
    body.push(...splitSection(`*${mrkdwn(t, 'help.examplesIntro', lang)}*\n` + examples.map((e) => `• ${escapeSlackText(e)}`).join('\n')));
  }
  const fallback = escapeSlackText([text, ...examples.map((e) => `• ${e}`)].join('\n'));
  return assemble([], body, [], fallback, lang, t);
}

/**
 * A translated text as Slack mrkdwn: the resource text is escaped, the variables are inserted as given,
 * so they must already be escaped (or be markup built here, such as `<@U…>`).
 */
function mrkdwn(t: Translate, key: string, lang: Lang, escapedVars: Record<string, string> = {}): string {
  const names = Object.keys(escapedVars);
  // Stand-ins that survive escaping unchanged, replaced by the values afterwards.
  const marks = Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`]));
  // One pass, so a value that happens to contain a stand-in is never substituted again.
  return escapeSlackText(t(key, lang, marks)).replace(/\uE000(\d+)\uE001/g, (_, i: string) => escapedVars[names[Number(i)]] ?? '');
}

/** `<url|title — section>`, label escaped; a URL we cannot link safely leaves the label only. */
export function citationLink(c: Citation): string {
  const label = sourceLabel({ title: clip(c.title, 150), section: clip(c.section ?? '', 150) });
  const url = safeLinkUrl(c.url);
  return url ? `<${url}|${escapeLinkLabel(label || url)}>` : escapeSlackText(label);
}

/** Page titles the text came from. Escaped; `undefined` when empty. */
function provenanceText(answer: Answer, lang: Lang, t: Translate): string | undefined {
  const parts: string[] = [];
  const titles = [...new Set(answer.citations.map((c) => c.title).filter((title) => title))];
  if (answer.answered && titles.length > 0) {
    parts.push(mrkdwn(t, 'card.from', lang, { pages: titles.map((title) => escapeSlackText(clip(title, 150))).join(', ') }));
  }
  return parts.length > 0 ? truncateEscaped(parts.join(' · '), 2000) : undefined;
}

/** The actions block: the share button (value: language and cache key), then 👍 and 👎 (value: the signed token). */
function answerButtons(lang: Lang, shareKey: string | undefined, feedbackToken: string | undefined, t: Translate): types.ActionsBlock {
  const elements: types.Button[] = [];
  if (shareKey !== undefined) {
    elements.push({ type: 'button', action_id: ACTION_SHARE, text: plain(t('card.share', lang)), value: encodeButtonValue(lang, shareKey), style: 'primary' });
  }
  if (feedbackToken !== undefined) {
    elements.push(
      { type: 'button', action_id: ACTION_LIKE, text: plain('👍'), value: feedbackToken, accessibility_label: t('card.helpful', lang) },
      { type: 'button', action_id: ACTION_DISLIKE, text: plain('👎'), value: feedbackToken, accessibility_label: t('card.notHelpful', lang) },
    );
  }
  return { type: 'actions', block_id: 'answer_actions', elements };
}

/** Plain-text fallback of an answer: text and sources with their URLs, escaped and bounded. */
function fallbackText(answer: Answer, t: Translate): string {
  const lines = [plainAnswerText(answer, t)];
  if (answer.answered) for (const c of answer.citations) lines.push(`[${c.n}] ${sourceLabel(c)}: ${c.url}`);
  else lines.push(...answer.suggestions.map((s) => `• ${s}`));
  return escapeSlackText(lines.join('\n'));
}

/** Joins head, body sections and tail, keeping the whole message within {@link MAX_BLOCKS}. */
function assemble(head: types.KnownBlock[], body: string[], tail: types.KnownBlock[], fallback: string, lang: Lang, t: Translate): SlackMessage {
  const room = MAX_BLOCKS - head.length - tail.length;
  let sections = body.length > 0 ? body : ['…'];
  if (sections.length > room) sections = [...sections.slice(0, room - 1), `_${mrkdwn(t, 'slack.truncated', lang)}_`];
  return {
    text: truncateEscaped(fallback || '…', MAX_FALLBACK_CHARS),
    blocks: [...head, ...sections.map(sectionBlock), ...tail],
  };
}

/**
 * Splits escaped mrkdwn into chunks of at most `max` characters, preferring line ends, then
 * sentence ends, then spaces, and never cutting inside an entity or a `<…>` link.
 */
export function splitSection(text: string, max: number = MAX_SECTION_CHARS): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = lastSentenceEnd(window);
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    cut = safeCut(rest, Math.min(cut, max));
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Index just after the last ". ", "! " or "? " in `s`, or -1. */
function lastSentenceEnd(s: string): number {
  let best = -1;
  for (const m of s.matchAll(/[.!?](?=\s)/g)) best = (m.index ?? -1) + 1;
  return best;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

function sectionBlock(text: string): types.SectionBlock {
  // verbatim: Slack must not auto-parse mentions or channel names out of escaped text.
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

function contextBlock(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: true }] };
}
