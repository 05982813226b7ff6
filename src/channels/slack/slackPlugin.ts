/**
 * The Slack surface: a Bolt app served at `POST /slack/events` of the shared restify server.
 * Slash command `/privacy`, `app_mention` in channels and direct messages go to the channel-neutral
 * {@link Bot}; its replies are rendered as Block Kit. Buttons: share an ephemeral answer in the
 * channel, and 👍/👎 feedback that goes to the shared feedback log.
 *
 * Configuration and the translations are injected (no `process.env` here); every text the adapter adds
 * itself comes from the i18next resources (src/bot/locales). Bolt never calls Slack at construction time
 * (`authorize` returns the static token), and every Web API / response_url failure is caught and
 * logged, so an unreachable Slack cannot end the process.
 */
import { randomBytes } from 'node:crypto';
import { App, type RespondArguments, type RespondFn, type webApi } from '@slack/bolt';
import type { Bot, BotReply, IncomingMessage, TurnHooks } from '../../bot/types';
import { MemoryClaimStore, type ClaimStore } from '../../bot/claimStore';
import type { FeedbackEntry, FeedbackSink } from '../../bot/feedbackLog';
import { createFeedbackSigner } from '../../bot/feedbackRef';
import type { Texts } from '../../bot/i18n';
import { abstentionText } from '../../bot/replyText';
import type { Logger as LogSink } from '../../core/logger';
import type { Lang } from '../../core/types';
import type { ServerPlugin } from '../../server/buildServer';
import type { RejectionSummary } from '../../server/rejectionSummary';
import { boundedFetch } from '../boundedFetch';
import { slackTextToPlain, stripBotMention } from './escapeSlack';
import { ACTION_DISLIKE, ACTION_LIKE, ACTION_SHARE, renderReply, type SlackMessage } from './renderBlocks';
import { shareAnswer } from './shareAnswer';
import { clickOf, isIgnoredMessage, type LooseMessageEvent } from './slackPayloads';
import { gate } from './turnGate';
import { settleWithin } from './settleWithin';
import { localState } from './localState';
import { RestifyReceiver, type EventIdSet } from './restifyReceiver';
import { SlackOutbox } from './slackOutbox';
import { slackSdkLogger } from './slackSdkLogger';
import { SocketModeReceiver, type SocketModeReceiverOptions } from './socketModeReceiver';

/** Options of {@link createSlackPlugin}. */
export interface SlackPluginOptions {
  bot: Bot;
  /** Translations (from `createTexts()`) for the labels, buttons and notices the adapter adds. */
  texts: Texts;
  /** Over HTTP: the signing secret every request is verified with. */
  signingSecret?: string;
  /**
   * Socket Mode instead of HTTP: the app-level token (and test overrides). The same listeners run;
   * `slackApiUrl` also serves `apps.connections.open`.
   */
  socketMode?: Omit<SocketModeReceiverOptions, 'apiUrl' | 'seenEventIds' | 'log' | 'ackTimeoutMs'>;
  /** Bot token (`xoxb-…`). */
  botToken: string;
  /** The bot's user id (`U…`): used to strip its mention and to ignore its own messages. */
  botUserId?: string;
  /** The bot's bot id (`B…`): used to ignore its own messages. */
  botId?: string;
  /** Web API base URL (tests point this at a fake); Slack's when absent. */
  slackApiUrl?: string;
  /** Retries of a failed Web API call (default 2; tests use 0). */
  slackApiRetries?: number;
  /** Time limit of each Web API call and response_url post, in ms (default 5000). */
  slackApiTimeoutMs?: number;
  /** The slash command name (default `/privacy`). */
  commandName?: string;
  /** Where feedback and unanswered questions are recorded; `record` returns at once and should not throw (it is caught anyway). */
  feedbackLog: FeedbackSink;
  /** Bounds on posts while Slack rate-limits (defaults: wait at most 30 s, at most 200 posts pending). */
  outbound?: { maxWaitMs: number; maxPending: number };
  /** "Posted once" claims for the share button, released when the post failed (default: in this process's memory). */
  claims?: ClaimStore;
  /** Key of the HMAC that signs the 👍/👎 button values (`FEEDBACK_SIGNING_KEY`); random per process when absent. */
  feedbackSigningKey?: string;
  /** One-line operational log. User text and secrets are never written to it. */
  log: LogSink;
  /**
   * State shared by several replicas (src/state, with Redis). Absent: bounded in-memory stores, one process.
   * A retried event, a button click or the app_mention/message twin of one message may each reach another replica.
   */
  shared?: {
    /** Slack event ids, claimed before any work. */
    eventIds: EventIdSet;
    /** The answers behind share and feedback buttons (24 h). */
    answers: { set(key: string, value: CachedAnswer): Promise<void>; get(key: string): Promise<CachedAnswer | undefined> };
    /** Claims that answer a message once and count a feedback click once. */
    claims: ClaimStore;
  };
  /** Where refused deliveries (bad or missing signatures) are counted; a summary on `log` when absent. */
  rejections?: RejectionSummary;
  /** Time limits, overridable for tests. */
  timing?: {
    /** The receiver answers 200 empty after this long without an ack (default 2500 ms). */
    ackTimeoutMs?: number;
    /** A slash command whose reply takes longer gets a "working" ack and the answer via response_url (default 2000 ms). */
    commandDeadlineMs?: number;
  };
}

/** An answer remembered for its buttons (share): kept in Redis with several replicas. */
export interface CachedAnswer {
  /** Who asked: only they may share it. */
  userId: string;
  reply: Extract<BotReply, { kind: 'answer' }>;
  feedbackToken: string;
}

/** The Slack plugin: over HTTP it mounts a route; in Socket Mode `start()` opens the connection. */
export interface SlackPlugin extends ServerPlugin {
  /** Socket Mode: connects (resolves on Slack's hello, retries in the background); HTTP: nothing. */
  start(): Promise<void>;
  stop(): Promise<void>;
  transport: 'http' | 'socket';
}

/** Creates the Slack server plugin. Over HTTP, mounting it adds `POST /slack/events`. */
export function createSlackPlugin(options: SlackPluginOptions): SlackPlugin {
  const { bot, log } = options;
  const { t } = options.texts;
  /** Both languages, for messages sent before the language of the conversation is known. */
  const bilingual = (key: string, vars?: Record<string, string>, separator = ' / '): string =>
    `${t(key, 'nl', vars)}${separator}${t(key, 'en', vars)}`;
  /** "No longer available", in the button's language, or in both when the value was not ours. */
  const expired = (lang: Lang | undefined): RespondArguments => ({
    response_type: 'ephemeral',
    replace_original: false,
    text: lang ? t('slack.expired', lang) : bilingual('slack.expired'),
  });
  const HOUR = 60 * 60 * 1000;
  const signer = createFeedbackSigner(options.feedbackSigningKey);
  const shared = options.shared ?? localState();
  const answers = shared.answers;
  const seenEventIds = shared.eventIds;
  const claims = options.claims ?? new MemoryClaimStore();
  const outbox = new SlackOutbox({ maxWaitMs: options.outbound?.maxWaitMs, maxPending: options.outbound?.maxPending, log });

  const receiver = createReceiver(options, seenEventIds);
  const logger = slackSdkLogger(log);
  const app = new App({
    receiver,
    logger,
    // Static credentials: no auth.test call at start-up, nothing to fail when Slack is unreachable.
    authorize: async () => ({ botToken: options.botToken, botId: options.botId, botUserId: options.botUserId }),
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl.endsWith('/') ? options.slackApiUrl : `${options.slackApiUrl}/` } : {}),
      retryConfig: { retries: options.slackApiRetries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
      // A 429 is not waited out inside the client (it would wait Retry-After, however long): the outbox decides.
      rejectRateLimitedCalls: true,
      timeout: options.slackApiTimeoutMs ?? 5000,
      // Bolt's respond() (response_url) uses this fetch too; it has no time limit of its own.
      fetch: boundedFetch(options.slackApiTimeoutMs ?? 5000),
      logger,
    },
  });
  app.error(async (err) => log.error({ err: describe(err) }, 'slack: listener error'));

  /** bot.handle, defensively: the contract says it never throws, but a throw must not lose the ack. */
  const handle = async (message: IncomingMessage, hooks: TurnHooks): Promise<BotReply> => {
    try {
      return await bot.handle(message, hooks);
    } catch (err) {
      const correlationId = randomBytes(4).toString('hex');
      log.error({ correlationId, err: describe(err) }, 'slack: bot.handle threw');
      return { kind: 'error', language: 'en', text: bilingual('error.turn', { id: correlationId }, '\n\n'), correlationId };
    }
  };

  /**
   * Renders a reply and logs unanswered questions. Answers get 👍/👎 whose value is the signed feedback
   * token (nothing remembered); only a shareable (ephemeral) answer is stored, for its share button.
   */
  const present = async (reply: BotReply, message: IncomingMessage, shareable: boolean): Promise<SlackMessage> => {
    if (reply.kind !== 'answer') return renderReply(reply, t);
    const answer = reply.answer;
    if (!answer.answered) {
      record({ kind: 'unanswered', userId: message.userId, question: message.text, language: answer.language, answerText: abstentionText(answer, t), reason: answer.reason, citations: [] });
      return renderReply(reply, t);
    }
    const feedbackToken = signer.encode(signer.refFor(answer));
    if (!shareable) return renderReply(reply, t, { feedbackToken });
    const key = randomBytes(9).toString('base64url');
    // Stored before the buttons go out: a click may reach another replica a moment later.
    await answers.set(key, { reply, feedbackToken, userId: message.userId });
    return renderReply(reply, t, { key, shareable, feedbackToken });
  };

  const record = (entry: Omit<FeedbackEntry, 'at' | 'surface'>): void => {
    try {
      options.feedbackLog.record({ at: new Date().toISOString(), surface: 'slack', ...entry });
    } catch (err) {
      log.warn({ err: describe(err) }, 'slack: feedback log failed');
    }
  };

  const safeRespond = async (respond: RespondFn | undefined, message: RespondArguments, what: string): Promise<boolean> => {
    if (!respond) {
      log.warn({ what }, 'slack: no response_url');
      return false;
    }
    try {
      return await outbox.send(what, () => respond(message), 'response_url');
    } catch (err) {
      log.warn({ what, err: describe(err) }, 'slack: response_url post failed');
      return false;
    }
  };

  const tryAck = async (ack: (r: RespondArguments) => Promise<void>, response: RespondArguments): Promise<boolean> => {
    try {
      await ack(response);
      return true;
    } catch (err) {
      log.warn({ err: describe(err) }, 'slack: slash command ack not delivered');
      return false;
    }
  };

  const postMessage = async (client: webApi.WebClient, channel: string, threadTs: string | undefined, msg: SlackMessage): Promise<void> => {
    try {
      await outbox.send('chat.postMessage', () => client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: msg.text,
        blocks: msg.blocks,
        unfurl_links: false,
        unfurl_media: false,
      }));
    } catch (err) {
      log.warn({ err: describe(err) }, 'slack: chat.postMessage failed');
    }
  };

  // ---- /privacy <question> -------------------------------------------------------------------
  app.command(options.commandName ?? '/privacy', async ({ command, ack, respond, context }) => {
    const message: IncomingMessage = {
      surface: 'slack',
      text: slackTextToPlain(command.text ?? '').trim(),
      userId: command.user_id,
      userName: command.user_name,
      conversationId: command.channel_id,
    };
    const turn = gate();
    const followUp = async (reply: BotReply): Promise<void> => {
      await turn.done;
      await safeRespond(respond, { response_type: 'ephemeral', ...(await present(reply, message, true)) }, 'follow-up');
    };
    try {
      const pending = handle(message, { followUp, log: turnLogger(log, { triggerId: command.trigger_id }, context) });
      // Preferred path: the engine is fast, so the ack itself carries the answer.
      const early = await settleWithin(pending, options.timing?.commandDeadlineMs ?? 2000);
      if (early) {
        const answer: RespondArguments = { response_type: 'ephemeral', ...(await present(early.value, message, true)) };
        // If the receiver already answered (event loop stalled past its deadline), deliver via response_url.
        if (!(await tryAck(ack, answer))) await safeRespond(respond, answer, 'answer after ack deadline');
        return;
      }
      // The language is not known until the bot has answered, so the notice is in both.
      await tryAck(ack, { response_type: 'ephemeral', text: bilingual('slack.working') });
      const reply = await pending;
      await safeRespond(respond, { response_type: 'ephemeral', ...(await present(reply, message, true)) }, 'late answer');
    } finally {
      turn.open();
    }
  });

  // ---- @mentions in channels and direct messages ---------------------------------------------
  const converse = async (event: LooseMessageEvent, client: webApi.WebClient, botUserId: string | undefined, inThread: boolean, turnLog: LogSink): Promise<void> => {
    // app_mention and message can describe the same Slack message: answer it once.
    if (!event.user || !(await shared.claims.claim(`message:${event.channel}:${event.ts}`, HOUR))) return;
    const message: IncomingMessage = {
      surface: 'slack',
      text: slackTextToPlain(stripBotMention(event.text ?? '', botUserId)),
      userId: event.user,
      conversationId: event.channel,
    };
    const threadTs = inThread ? (event.thread_ts ?? event.ts) : event.thread_ts;
    const turn = gate();
    const followUp = async (reply: BotReply): Promise<void> => {
      await turn.done;
      await postMessage(client, event.channel, threadTs, await present(reply, message, false));
    };
    try {
      const reply = await handle(message, { followUp, log: turnLog });
      await postMessage(client, event.channel, threadTs, await present(reply, message, false));
    } finally {
      turn.open();
    }
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    const e = event as unknown as LooseMessageEvent;
    if (isIgnoredMessage(e)) return;
    await converse(e, client, options.botUserId ?? context.botUserId, true, turnLogger(log, { eventId: body.event_id }, context));
  });

  app.event('message', async ({ event, body, client, context }) => {
    const e = event as unknown as LooseMessageEvent;
    // Channel messages that mention the bot arrive as app_mention; here only DMs are answered.
    if (e.channel_type !== 'im' || isIgnoredMessage(e)) return;
    await converse(e, client, options.botUserId ?? context.botUserId, false, turnLogger(log, { eventId: body.event_id }, context));
  });

  // ---- buttons ---------------------------------------------------------------------------------
  app.action(ACTION_SHARE, shareAnswer({ answers, claims, t, log, respond: safeRespond, expired }));

  // Everything a rating needs is in the signed button value, so any process (after a restart too) records it.
  const onFeedback = (reaction: 'like' | 'dislike') =>
    async ({ ack, body, respond }: { ack: () => Promise<void>; body: unknown; respond?: RespondFn }): Promise<void> => {
      await ack();
      const { user, value, messageTs } = clickOf(body);
      const ref = signer.decode(value);
      if (!ref) {
        log.warn({ action: reaction }, 'slack: feedback with a missing or invalid signature, not recorded');
        await safeRespond(respond, expired(undefined), 'feedback (invalid)');
        return;
      }
      if (await shared.claims.claim(`feedback:${user}:${ref.answerId}:${reaction}`, 24 * HOUR)) {
        record({
          kind: 'feedback',
          reaction,
          userId: user,
          answerId: ref.answerId,
          question: ref.question,
          language: ref.language,
          answerText: '',
          citations: ref.citation ? [ref.citation] : [],
          ...(messageTs ? { replyToId: messageTs } : {}),
        });
      }
      const thanks = t('card.feedbackThanks', ref.language);
      await safeRespond(respond, { response_type: 'ephemeral', replace_original: false, text: thanks }, 'feedback thanks');
    };
  app.action(ACTION_LIKE, onFeedback('like'));
  app.action(ACTION_DISLIKE, onFeedback('dislike'));

  return {
    name: 'slack',
    transport: options.socketMode ? 'socket' : 'http',
    mount: (server) => receiver.mount(server),
    start: () => receiver.start(),
    stop: () => receiver.stop(),
    // Socket Mode serves no route, so it has no pre-body checks.
    bodyRules: receiver instanceof RestifyReceiver ? receiver.bodyRules() : [],
  };
}

/** The transport: Socket Mode when its token is given, else HTTP with signature checks. */
function createReceiver(options: SlackPluginOptions, seenEventIds: EventIdSet): RestifyReceiver | SocketModeReceiver {
  const ackTimeoutMs = options.timing?.ackTimeoutMs;
  if (options.socketMode) {
    return new SocketModeReceiver({ ...options.socketMode, apiUrl: options.slackApiUrl, seenEventIds, ackTimeoutMs, log: options.log });
  }
  if (!options.signingSecret) throw new Error('createSlackPlugin needs signingSecret (HTTP) or socketMode');
  return new RestifyReceiver({ signingSecret: options.signingSecret, seenEventIds, ackTimeoutMs, log: options.log, rejections: options.rejections });
}

/** The turn's logger: bound to the Slack event id (or the slash command's trigger id) and, in Socket Mode, the envelope id. */
function turnLogger(log: LogSink, ids: Record<string, unknown>, context: Record<string, unknown>): LogSink {
  const bindings: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...ids, envelopeId: context.envelopeId })) {
    if (typeof v === 'string' && v) bindings[k] = v.slice(0, 128);
  }
  return log.child(bindings);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: string }).code;
    return `${code ? code + ' ' : ''}${err.message}`;
  }
  return String(err);
}
