/**
 * Turns a channel-neutral {@link BotReply} into a Teams message activity: an Adaptive Card for answers
 * and help, plain text for everything else. Pure functions, so rendering is testable without a server.
 * Labels come from the i18next resources (src/bot/locales) through the injected {@link Translate}.
 */
import type { Activity, Attachment } from 'botbuilder';
import { replyText, type ReplyText } from '../../bot/replyText';
import type { BotReply } from '../../bot/types';
import type { Answer, Lang, Translate } from '../../core/types';
import { buildCitationEntity, truncate } from './citationEntity';

/** Marks example buttons, so a click is answered even in a channel where nobody @mentioned the bot. */
export const EXAMPLE_SOURCE = 'privacy-bot-example';
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

/** No explicit colours anywhere: default and `isSubtle` text adapt to light, dark and high-contrast themes. */
function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  const doc: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
  if (actions.length > 0) doc.actions = actions;
  return doc;
}

function cardAttachment(content: AdaptiveCard): Attachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}

/** Square brackets inside a link label would end the markdown link early. */
function linkLabel(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')');
}

/** Keeps a URL from closing the markdown link early. */
function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/**
 * An Action.Submit that posts the question back as if the user typed it: Teams turns `msteams.messageBack`
 * into a message with `text`, the Emulator sends `data` as `value`; both carry `question`.
 */
function exampleAction(question: string): CardElement {
  return {
    type: 'Action.Submit',
    title: truncate(question, 60),
    data: {
      msteams: { type: 'messageBack', text: question, displayText: question },
      question,
      source: EXAMPLE_SOURCE,
    },
  };
}

function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function citationTitle(c: Answer['citations'][number]): string {
  return c.section ? `${c.title} — ${c.section}` : c.title;
}

/** The answer's parts; a multi-product answer gets one block per product so they read as a list. */
function answerBlocks(answer: Answer, words: ReplyText): CardElement[] {
  if (!answer.answered) return [textBlock(words.abstention ?? '')];
  const blocks: CardElement[] = [];
  if (words.intro) blocks.push(textBlock(words.intro));
  answer.lines.forEach((line, i) => {
    blocks.push(textBlock(answer.lines.length > 1 ? `**${line.label}**: ${line.text} ${line.citations.map((n) => `[${n}]`).join('')}` : words.lines[i]));
  });
  if (words.seeAlso) blocks.push(textBlock(words.seeAlso));
  return blocks;
}

/** The Adaptive Card of an answer (text, sources, cross-language note, suggestions when abstaining). */
export function renderAnswerCard(answer: Answer, t: Translate): AdaptiveCard {
  const lang = answer.language;
  const words = replyText(answer, t);
  const body = answerBlocks(answer, words);
  let actions: CardElement[] = [];
  if (!answer.answered && answer.suggestions.length > 0) {
    body.push(textBlock(t('answer.suggestionsIntro', lang), { spacing: 'Medium', weight: 'Bolder' }));
    body.push(textBlock(bulletList(answer.suggestions)));
    actions = answer.suggestions.slice(0, MAX_EXAMPLE_BUTTONS).map(exampleAction);
  }
  if (answer.citations.length > 0) {
    body.push(textBlock(t('card.sources', lang), { weight: 'Bolder', spacing: 'Medium', separator: true }));
    for (const c of answer.citations) {
      body.push(textBlock(`[${c.n}] [${linkLabel(citationTitle(c))}](${linkTarget(c.url)})`, { spacing: 'Small' }));
    }
  }
  if (words.note) body.push(textBlock(words.note, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  // Clients that cannot render the card show this instead: the answer and its sources as plain text.
  return { ...card(body, actions), fallbackText: answerFallbackText(answer, t) };
}

/** Plain-text version of an answer: the text with `[n]` markers (and its note, once), then the numbered sources. */
export function answerFallbackText(answer: Answer, t: Translate): string {
  const lang = answer.language;
  const parts = [replyText(answer, t).text];
  if (!answer.answered && answer.suggestions.length > 0) {
    parts.push(`${t('answer.suggestionsIntro', lang)}\n${bulletList(answer.suggestions)}`);
  }
  if (answer.citations.length > 0) {
    const sources = answer.citations.map((c) => `[${c.n}] ${citationTitle(c)}: ${c.url}`);
    parts.push(`${t('card.sources', lang)}:\n${sources.join('\n')}`);
  }
  return parts.join('\n\n');
}

/** The card shown for help and welcome: the text, the examples as a list and one button per example. */
export function renderExamplesCard(text: string, examples: string[], language: Lang, t: Translate): AdaptiveCard {
  const body = [textBlock(text)];
  if (examples.length > 0) {
    body.push(textBlock(t('help.examplesIntro', language), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(textBlock(bulletList(examples)));
  }
  return card(body, examples.slice(0, MAX_EXAMPLE_BUTTONS).map(exampleAction));
}

/**
 * Renders a reply as the activity to send. Answers carry the answer text (whose `[n]` markers the
 * citation entity points at), the card (answer, sources, plain-text fallback) and Teams' feedback buttons.
 * `t` supplies the labels in the reply's language.
 */
export function renderReply(reply: BotReply, t: Translate): Partial<Activity> {
  switch (reply.kind) {
    case 'answer': {
      // The message text is the answer with its [n] markers, which Teams turns into citation pills
      // (title, abstract, link) from the entity; the card shows the answer with its numbered source
      // links. The sources are not repeated as raw URLs in the text: the plain-text version with them
      // travels as the card's fallbackText.
      // Teams' markdown joins single newlines; a blank line keeps each product's line apart.
      const words = replyText(reply.answer, t);
      const text = words.text.replace(/\n/g, '\n\n');
      const entity = buildCitationEntity(reply.answer, words.markers);
      const activity: Partial<Activity> = {
        type: 'message',
        // An abstention has nothing to cite: the card alone says it, with the suggested questions.
        text: reply.answer.answered ? text : undefined,
        summary: words.text.slice(0, 200),
        locale: reply.language === 'nl' ? 'nl-NL' : 'en-US',
        attachments: [cardAttachment(renderAnswerCard(reply.answer, t))],
        // `feedbackLoop` replaces the older `feedbackLoopEnabled`; Teams rejects messages that set both.
        channelData: { feedbackLoop: { type: 'default' } },
      };
      if (entity) activity.entities = [entity];
      return activity;
    }
    case 'help':
    case 'welcome':
      return {
        type: 'message',
        summary: reply.text,
        attachments: [cardAttachment(renderExamplesCard(reply.text, reply.examples, reply.language, t))],
      };
    case 'refusal':
    case 'reindex-started':
    case 'reindex-done':
    case 'error':
      return { type: 'message', text: reply.text };
  }
}
