/**
 * The Teams conversation logic: decides which activities are questions, calls the channel-neutral
 * {@link Bot}, sends the rendered reply and stores feedback. Knows nothing about HTTP or authentication.
 */
import {
  Activity,
  ConversationReference,
  InvokeResponse,
  Mention,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { FeedbackSink } from '../../bot/feedbackLog';
import type { FeedbackSigner } from '../../bot/feedbackRef';
import { abstentionText } from '../../bot/replyText';
import type { Bot, BotReply, IncomingMessage, TurnHooks } from '../../bot/types';
import { langOfHint } from '../../bot/createBot';
import type { Logger } from '../../core/logger';
import type { Translate } from '../../core/types';
import { ACTION_ASK, ACTION_FEEDBACK, renderReply } from './renderAdaptiveCard';
import { capText, stripAtTags } from './stripMentions';

/** What the handler needs from its surroundings; injected so tests and the plugin wire it freely. */
export interface TeamsHandlerDeps {
  bot: Bot;
  /** Translations for the labels of rendered replies (sources, examples, notes). */
  t: Translate;
  feedbackLog: FeedbackSink;
  log: Logger;
  /** Runs `send` in a new turn for the conversation (used when the original turn has ended). */
  continueConversation: (reference: Partial<ConversationReference>, send: (context: TurnContext) => Promise<void>) => Promise<void>;
  /** Signs and verifies the feedback context the 👍/👎 buttons carry (no answer is remembered in memory). */
  signer: FeedbackSigner;
  /** The typing indicator is sent only when a reply takes longer than this (default 300 ms). */
  typingDelayMs?: number;
}

/** Default of {@link TeamsHandlerDeps.typingDelayMs}: answers normally take far less. */
export const TYPING_DELAY_MS = 300;

/** The Teams invoke Teams sends when a user clicks the built-in thumbs up/down and submits. */
const SUBMIT_ACTION = 'message/submitAction';

/** The bot's own mention entities (`mentioned.id` equals the recipient, i.e. the bot). */
function ownMentions(activity: Activity): Mention[] {
  // botbuilder's getMentions trusts `entities` to be an array of objects; the activity is untrusted JSON.
  if (!Array.isArray(activity.entities) || activity.entities.some((e) => typeof e !== 'object' || e === null)) return [];
  return TurnContext.getMentions(activity).filter((m) => m.mentioned?.id === activity.recipient?.id);
}

/**
 * The question text: every mention of the bot removed, other people's `<at>Name</at>` kept as plain
 * names (they can be part of the question: "does <at>Jan</at>'s data stay in the EU?").
 */
export function questionText(activity: Activity): string {
  // The activity is untrusted JSON: a non-string text is no question at all. It is capped before
  // anything scans it, and so are the number and length of the mention texts removed from it.
  let text = typeof activity.text === 'string' ? capText(activity.text) : '';
  for (const mention of ownMentions(activity).slice(0, MAX_OWN_MENTIONS)) {
    if (typeof mention.text === 'string' && mention.text && mention.text.length <= 200) text = text.split(mention.text).join(' ');
  }
  return stripAtTags(text).replace(/\s+/g, ' ').trim();
}

/** Mentions of the bot removed from one message at most (a real message has one or two). */
const MAX_OWN_MENTIONS = 10;

/** What one of our card buttons submitted (Action.Submit `data` arrives as `value`, without text). */
type CardSubmit =
  | { action: 'ask'; question: string }
  | { action: 'feedback'; reaction: 'like' | 'dislike'; ref: unknown };

/** The card submit of this message, if it is one of ours. Cards sent before `action` existed carry `question` only. */
export function cardSubmit(activity: Activity): CardSubmit | undefined {
  const value = activity.value as { action?: unknown; question?: unknown; reaction?: unknown; ref?: unknown } | undefined;
  if (!value || typeof value !== 'object') return undefined;
  if (value.action === ACTION_FEEDBACK && (value.reaction === 'like' || value.reaction === 'dislike')) {
    return { action: 'feedback', reaction: value.reaction, ref: value.ref };
  }
  if ((value.action === ACTION_ASK || value.action === undefined) && typeof value.question === 'string' && value.question.trim()) {
    return { action: 'ask', question: value.question.trim().slice(0, 2000) };
  }
  return undefined;
}

/** In channels and group chats the bot only speaks when spoken to (a mention, or a click on its card); in personal chat always. */
function isAddressed(activity: Activity): boolean {
  const type = activity.conversation?.conversationType;
  if (type !== 'channel' && type !== 'groupChat') return true;
  return ownMentions(activity).length > 0 || cardSubmit(activity) !== undefined;
}

/** Reads the free text of a feedback submission: Teams sends a JSON string `{"feedbackText": "..."}`; empty → undefined. */
export function feedbackComment(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'object') {
    const text = (raw as { feedbackText?: unknown }).feedbackText;
    return typeof text === 'string' ? text : JSON.stringify(raw);
  }
  const str = String(raw);
  try {
    const parsed: unknown = JSON.parse(str);
    if (parsed && typeof parsed === 'object') {
      const text = (parsed as { feedbackText?: unknown }).feedbackText;
      if (typeof text === 'string') return text || undefined;
    }
  } catch {
    // Not JSON: keep the raw text.
  }
  return str;
}

function userIdOf(activity: Activity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? '';
}

/** Teams activity handler wired to the channel-neutral bot. */
export class TeamsHandler extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsHandlerDeps) {
    super();

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    // Only greet when the bot itself was added (install, or added to a team/chat), not for every new member.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added: unknown = context.activity.membersAdded;
      if (Array.isArray(added) && added.some((m) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id === botId)) {
        await context.sendActivity(renderReply(this.deps.bot.welcome(context.activity.locale), this.deps.t));
      }
      await next();
    });
  }

  /**
   * Answers `message/submitAction` (Teams' built-in feedback, e.g. on messages sent by an earlier version
   * that enabled it) with 200 and no body, as Teams requires; the rest as usual.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === SUBMIT_ACTION) {
      await this.recordBuiltInFeedback(context.activity);
      return { status: 200 };
    }
    return super.onInvokeActivity(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!isAddressed(activity)) return;
    const submit = cardSubmit(activity);
    if (submit?.action === 'feedback') {
      await this.recordCardFeedback(context, submit.reaction, submit.ref);
      return;
    }
    const text = questionText(activity) || (submit?.action === 'ask' ? submit.question : '');
    if (!text) return;

    const userId = userIdOf(activity);
    const message: IncomingMessage = {
      surface: 'teams',
      text,
      userId,
      userName: activity.from?.name,
      localeHint: activity.locale,
      conversationId: activity.conversation?.id,
    };
    const reference = TurnContext.getConversationReference(activity);
    let turnDone!: () => void;
    const replied = new Promise<void>((resolve) => (turnDone = resolve));
    const hooks: TurnHooks = {
      log: this.deps.log.child({ activityId: String(activity.id ?? '').slice(0, 128) }),
      // Reindex replies "started" now and "done" later. A fast run can report before "started" is out, so a
      // follow-up waits for the turn's own reply and then goes out in a continued conversation.
      followUp: async (reply) => {
        await replied;
        try {
          await this.deps.continueConversation(reference, (ctx) => this.sendReply(ctx, reply, userId));
        } catch (err) {
          this.deps.log.warn({ kind: reply.kind, err: (err as Error).message }, 'teams: follow-up could not be sent');
        }
      },
    };

    const typing = this.typingAfter(context, this.deps.typingDelayMs ?? TYPING_DELAY_MS);
    try {
      let reply: BotReply;
      try {
        reply = await this.deps.bot.handle(message, hooks);
      } finally {
        // Cleared as soon as the reply is ready: a fast answer costs no typing call at all.
        await typing.stop();
      }
      await this.sendReply(context, reply, userId);
    } finally {
      turnDone();
    }
  }

  /**
   * Sends the typing indicator only if the reply is not ready within `delayMs`. It is a nicety: a
   * failure is logged and the answer still goes out (if the connector is down, the answer says so).
   * `stop()` cancels the timer, or waits for an indicator already on its way so it never trails the reply.
   */
  private typingAfter(context: TurnContext, delayMs: number): { stop: () => Promise<void> } {
    let sending: Promise<void> | undefined;
    const timer = setTimeout(() => {
      sending = context.sendActivity({ type: 'typing' }).then(
        () => undefined,
        (err: unknown) => {
          const status = (err as { statusCode?: number }).statusCode;
          this.deps.log.warn({ status: status ?? null, err: (err as Error).message }, 'teams: typing indicator failed, answering anyway');
        },
      );
    }, delayMs);
    return {
      stop: async () => {
        clearTimeout(timer);
        await sending;
      },
    };
  }

  /** Sends one reply; answers get their signed feedback buttons, abstentions are logged as content gaps. */
  private async sendReply(context: TurnContext, reply: BotReply, userId: string): Promise<void> {
    if (reply.kind !== 'answer') {
      await context.sendActivity(renderReply(reply, this.deps.t));
      return;
    }
    const answer = reply.answer;
    if (answer.answered) {
      const token = this.deps.signer.encode(this.deps.signer.refFor(answer));
      await context.sendActivity(renderReply(reply, this.deps.t, { feedbackToken: token }));
      return;
    }
    // Started before sending so a content gap is logged even if the reply cannot be delivered.
    const logged = this.deps.feedbackLog.record({
      at: new Date().toISOString(),
      surface: 'teams',
      kind: 'unanswered',
      userId,
      question: answer.question,
      language: answer.language,
      answerText: abstentionText(answer, this.deps.t),
      reason: answer.reason,
      citations: [],
    });
    try {
      await context.sendActivity(renderReply(reply, this.deps.t));
    } finally {
      await logged;
    }
  }

  /** A 👍/👎 click: everything needed is in the signed token, so any process (after a restart too) records it. */
  private async recordCardFeedback(context: TurnContext, reaction: 'like' | 'dislike', token: unknown): Promise<void> {
    const activity = context.activity;
    const ref = this.deps.signer.decode(token);
    if (!ref) {
      this.deps.log.warn({ activityId: activity.id ?? null }, 'teams: feedback with a missing or invalid signature, not recorded');
      await context.sendActivity({ type: 'message', text: this.deps.t('card.feedbackExpired', langOfHint(activity.locale) ?? 'en') });
      return;
    }
    await this.deps.feedbackLog.record({
      at: new Date().toISOString(),
      surface: 'teams',
      kind: 'feedback',
      reaction,
      userId: userIdOf(activity),
      answerId: ref.answerId,
      question: ref.question,
      language: ref.language,
      answerText: '',
      citations: ref.citation ? [ref.citation] : [],
      ...(activity.replyToId ? { replyToId: activity.replyToId } : {}),
    });
    await context.sendActivity({ type: 'message', text: this.deps.t('card.feedbackThanks', ref.language) });
  }

  /** Teams' built-in 👍/👎 only names the rated message (`replyToId`): stored with that id alone. */
  private async recordBuiltInFeedback(activity: Activity): Promise<void> {
    const value = (activity.value ?? {}) as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } };
    if (value.actionName !== 'feedback') return;
    const reaction = value.actionValue?.reaction;
    await this.deps.feedbackLog.record({
      at: new Date().toISOString(),
      surface: 'teams',
      kind: 'feedback',
      reaction: reaction === 'like' || reaction === 'dislike' ? reaction : undefined,
      comment: feedbackComment(value.actionValue?.feedback),
      userId: userIdOf(activity),
      question: '',
      answerText: '',
      citations: [],
      replyToId: activity.replyToId,
    });
  }
}
