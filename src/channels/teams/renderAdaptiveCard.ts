/**
 * Turns a channel-neutral {@link BotReply} into a Teams message activity. Pure functions, so rendering is
 * testable without a server. Labels come from the i18next resources (src/bot/locales) through the
 * injected {@link Translate}; the words around an answer come from src/bot/replyText.ts.
 *
 * What Teams shows for an answer: the message text with `[n]` citation pills (the citation entity gives
 * each pill its title, quoted line and link) and, below it, a small card with 👍/👎 buttons whose data
 * carry the signed feedback context. The answer is said once: there is no second copy in a card.
 * Cards are kept where they add something: help, welcome and abstentions, whose examples are buttons.
 */
import type { Activity, Attachment } from 'botbuilder';
import { markers, replyParts, abstentionText, plainAnswerText, sourceLabel } from '../../bot/replyText';
import type { BotReply } from '../../bot/types';
import type { Answer, Lang, Translate } from '../../core/types';
import { buildCitationEntity, truncate } from './citationEntity';

/** `data.action` of an example or suggestion button: ask `data.question`. */
export const ACTION_ASK = 'ask';
/** `data.action` of a 👍/👎 button: record `data.reaction` for the answer in `data.ref`. */
export const ACTION_FEEDBACK = 'feedback';
const MAX_EXAMPLE_BUTTONS = 5;

type CardElement = Record<string, unknown>;

/** An Adaptive Card 1.5 document. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  /** Shown by clients that cannot render Adaptive Cards. */
  fallbackText?: string;
}

/** How to decorate an answer. */
export interface TeamsRenderOptions {
  /** Signed feedback token (src/bot/feedbackRef.ts); adds the 👍/👎 card when present. */
  feedbackToken?: string;
}

/** No explicit colours anywhere: default and `isSubtle` text adapt to light, dark and high-contrast themes. */
function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function card(body: CardElement[], actions: CardElement[] = [], fallbackText?: string): AdaptiveCard {
  const doc: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
  if (actions.length > 0) doc.actions = actions;
  if (fallbackText) doc.fallbackText = fallbackText;
  return doc;
}

function cardAttachment(content: AdaptiveCard): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}

/**
 * A plain Action.Submit: Teams and the Agents Playground post `data` as the `value` of a message
 * activity without text (messageBack/imBack submits do nothing in the Playground).
 */
function askAction(question: string): CardElement {
  return { type: 'Action.Submit', title: truncate(question, 60), data: { action: ACTION_ASK, question } };
}

/**
 * Markdown characters in quoted documentation text would otherwise turn into formatting (or, for `[n]`,
 * into a citation pill); angle brackets would be read as HTML such as `<at>` mentions.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~[\]])/g, '\\$1').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The answer as Teams markdown: note, intro, the quoted line(s) with `[n]` markers, "see also".
 * Paragraphs are separated by a blank line, since Teams joins single newlines.
 */
export function answerMarkdown(answer: Answer, t: Translate): string {
  const p = replyParts(answer, t);
  const paragraphs: string[] = [];
  if (p.note) paragraphs.push(`_${escapeMarkdown(p.note)}_`);
  if (p.intro) paragraphs.push(escapeMarkdown(p.intro));
  for (const line of p.lines) {
    const refs = line.citations.length > 0 ? ` ${markers(line.citations)}` : '';
    const label = line.label ? `**${escapeMarkdown(line.label)}**: ` : '';
    paragraphs.push(`${p.intro ? '- ' : ''}${label}${escapeMarkdown(line.text)}${refs}`);
  }
  // Our own resource text with our own [n] markers: not escaped, so they become citation pills.
  if (p.seeAlso) paragraphs.push(p.seeAlso);
  return paragraphs.join('\n\n');
}

/** Plain-text version of an answer: the text with `[n]` markers, then the numbered sources; or the abstention. */
export function answerFallbackText(answer: Answer, t: Translate): string {
  const lang = answer.language;
  if (!answer.answered) {
    const parts = [abstentionText(answer, t)];
    if (answer.suggestions.length > 0) parts.push(`${t('answer.suggestionsIntro', lang)}\n${answer.suggestions.map((s) => `- ${s}`).join('\n')}`);
    return parts.join('\n\n');
  }
  const parts = [plainAnswerText(answer, t)];
  if (answer.citations.length > 0) {
    const sources = answer.citations.map((c) => `[${c.n}] ${sourceLabel(c)}: ${c.url}`);
    parts.push(`${t('card.sources', lang)}:\n${sources.join('\n')}`);
  }
  return parts.join('\n\n');
}

/** The card of an abstention: the reason, then the suggested questions as buttons (listed once). */
export function renderAbstentionCard(answer: Answer, t: Translate): AdaptiveCard {
  const lang = answer.language;
  const body = [textBlock(abstentionText(answer, t))];
  const suggestions = answer.suggestions.slice(0, MAX_EXAMPLE_BUTTONS);
  if (suggestions.length > 0) body.push(textBlock(t('answer.suggestionsIntro', lang), { spacing: 'Medium', weight: 'Bolder' }));
  return card(body, suggestions.map(askAction), answerFallbackText(answer, t));
}

/** The 👍/👎 card under an answer; both buttons carry the same signed token. */
export function renderFeedbackCard(language: Lang, token: string, t: Translate): AdaptiveCard {
  const button = (reaction: 'like' | 'dislike', emoji: string, key: string): CardElement => ({
    type: 'Action.Submit',
    title: `${emoji} ${t(key, language)}`,
    data: { action: ACTION_FEEDBACK, reaction, ref: token },
  });
  return card(
    [textBlock(t('card.feedbackPrompt', language), { isSubtle: true, size: 'Small' })],
    [button('like', '👍', 'card.helpful'), button('dislike', '👎', 'card.notHelpful')],
  );
}

/** Help and welcome: the text, then the examples as buttons (listed once). */
export function renderExamplesCard(text: string, examples: string[], language: Lang, t: Translate): AdaptiveCard {
  const body = [textBlock(text)];
  const shown = examples.slice(0, MAX_EXAMPLE_BUTTONS);
  if (shown.length > 0) body.push(textBlock(t('help.examplesIntro', language), { weight: 'Bolder', spacing: 'Medium' }));
  const fallback = [text, ...shown.map((e) => `- ${e}`)].join('\n');
  return card(body, shown.map(askAction), fallback);
}

/** Renders a reply as the activity to send; `t` supplies the labels in the reply's language. */
export function renderReply(reply: BotReply, t: Translate, options: TeamsRenderOptions = {}): Partial<Activity> {
  switch (reply.kind) {
    case 'answer': {
      const answer = reply.answer;
      const locale = reply.language === 'nl' ? 'nl-NL' : 'en-US';
      if (!answer.answered) {
        // Nothing to cite: the card alone says it, with the suggested questions as buttons.
        return {
          type: 'message',
          summary: abstentionText(answer, t).slice(0, 200),
          locale,
          attachments: [cardAttachment(renderAbstentionCard(answer, t))],
        };
      }
      const text = answerMarkdown(answer, t);
      const activity: Partial<Activity> = {
        type: 'message',
        text,
        textFormat: 'markdown',
        // Notifications show the quote itself; the cross-language note stays in the message only.
        summary: plainAnswerText({ ...answer, crossLanguage: false }, t).slice(0, 200),
        locale,
      };
      const entity = buildCitationEntity(answer);
      if (entity) activity.entities = [entity];
      if (options.feedbackToken) activity.attachments = [cardAttachment(renderFeedbackCard(reply.language, options.feedbackToken, t))];
      return activity;
    }
    case 'help':
    case 'welcome':
      return {
        type: 'message',
        summary: truncate(reply.text, 200),
        attachments: [cardAttachment(renderExamplesCard(reply.text, reply.examples, reply.language, t))],
      };
    case 'refusal':
    case 'reindex-started':
    case 'reindex-done':
    case 'error':
      return { type: 'message', text: reply.text };
  }
}
