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
import type { FeedbackEntry } from '../../bot/feedbackLog';
import type { Bot, BotReply, IncomingMessage, TurnHooks } from '../../bot/types';
import type { Logger } from '../../core/logger';
import type { Translate } from '../../core/types';
import { renderReply } from './renderAdaptiveCard';
import { LruMap, SentAnswer } from './sentAnswers';

/** What the handler needs from its surroundings; injected so tests and the plugin wire it freely. */
export interface TeamsHandlerDeps {
  bot: Bot;
  /** Translations for the labels of rendered replies (sources, examples, notes). */
  t: Translate;
  feedbackLog: { record(entry: FeedbackEntry): Promise<void> };
  log: Logger;
  /** Runs `send` in a new turn for the conversation (used when the original turn has ended). */
  continueConversation: (reference: Partial<ConversationReference>, send: (context: TurnContext) => Promise<void>) => Promise<void>;
  /** How many sent answers are remembered for feedback (default 1000). */
  rememberAnswers?: number;
}

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
  // The activity is untrusted JSON: a non-string text is no question at all.
  let text = typeof activity.text === 'string' ? activity.text : '';
  for (const mention of ownMentions(activity)) {
    if (typeof mention.text === 'string' && mention.text) text = text.split(mention.text).join(' ');
  }
  text = text.replace(/<at[^>]*>(.*?)<\/at>/gi, '$1');
  return text.replace(/\s+/g, ' ').trim();
}

/** A question sent by one of our example buttons (`value.question`), if this message is one. */
function cardQuestion(activity: Activity): string | undefined {
  const value = activity.value as { question?: unknown } | undefined;
  return value && typeof value.question === 'string' ? value.question.trim() : undefined;
}

/** In channels and group chats the bot only speaks when spoken to; in personal chat always. */
function isAddressed(activity: Activity): boolean {
  const type = activity.conversation?.conversationType;
  if (type !== 'channel' && type !== 'groupChat') return true;
  return ownMentions(activity).length > 0 || cardQuestion(activity) !== undefined;
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
  private readonly sent: LruMap<string, SentAnswer>;

  constructor(private readonly deps: TeamsHandlerDeps) {
    super();
    this.sent = new LruMap(deps.rememberAnswers ?? 1000);

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

  /** Answers `message/submitAction` (feedback) with 200 and no body, as Teams requires; the rest as usual. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === SUBMIT_ACTION) {
      await this.recordFeedback(context.activity);
      return { status: 200 };
    }
    return super.onInvokeActivity(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!isAddressed(activity)) return;
    const text = questionText(activity) || cardQuestion(activity) || '';
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
          await this.deps.continueConversation(reference, (ctx) => this.sendReply(ctx, reply, text, userId));
        } catch (err) {
          this.deps.log.warn({ kind: reply.kind, err: (err as Error).message }, 'teams: follow-up could not be sent');
        }
      },
    };

    try {
      await this.sendTyping(context);
      const reply = await this.deps.bot.handle(message, hooks);
      await this.sendReply(context, reply, text, userId);
    } finally {
      turnDone();
    }
  }

  /**
   * The typing indicator is a nicety: if the channel rejects it (4xx) the answer still goes out. Other
   * failures (connector unreachable, 5xx) propagate, since the answer would fail the same way.
   */
  private async sendTyping(context: TurnContext): Promise<void> {
    try {
      await context.sendActivity({ type: 'typing' });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === undefined || status >= 500) throw err;
      this.deps.log.warn({ status }, 'teams: typing indicator rejected, answering anyway');
    }
  }

  /** Sends one reply, remembers answers for feedback and logs abstentions. */
  private async sendReply(context: TurnContext, reply: BotReply, question: string, userId: string): Promise<void> {
    if (reply.kind !== 'answer') {
      await context.sendActivity(renderReply(reply, this.deps.t));
      return;
    }
    const answer = reply.answer;
    const remembered: SentAnswer = {
      question: answer.question || question,
      answerText: answer.text,
      citations: answer.citations.map((c) => c.url),
    };
    // Started before sending so a content gap is logged even if the reply cannot be delivered.
    const logged = answer.answered
      ? Promise.resolve()
      : this.deps.feedbackLog.record({
          at: new Date().toISOString(),
          surface: 'teams',
          kind: 'unanswered',
          userId,
          ...remembered,
        });
    try {
      const response = await context.sendActivity(renderReply(reply, this.deps.t));
      if (response?.id) this.sent.set(response.id, remembered);
    } finally {
      await logged;
    }
  }

  private async recordFeedback(activity: Activity): Promise<void> {
    const value = (activity.value ?? {}) as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } };
    if (value.actionName !== 'feedback') return;
    const reaction = value.actionValue?.reaction;
    const replyToId = activity.replyToId;
    const sent = replyToId ? this.sent.get(replyToId) : undefined;
    if (!sent) this.deps.log.info({ replyToId: replyToId ?? null }, 'teams: feedback for unknown message, stored without question');
    await this.deps.feedbackLog.record({
      at: new Date().toISOString(),
      surface: 'teams',
      kind: 'feedback',
      reaction: reaction === 'like' || reaction === 'dislike' ? reaction : undefined,
      comment: feedbackComment(value.actionValue?.feedback),
      userId: userIdOf(activity),
      question: sent?.question ?? '',
      answerText: sent?.answerText ?? '',
      citations: sent?.citations ?? [],
      replyToId,
    });
  }
}
