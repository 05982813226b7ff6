/**
 * Channel-neutral conversation shapes. Channel adapters translate SDK types to and from these.
 */
import type { Logger } from '../core/logger';
import type { Answer, Lang, ReindexReport, Surface } from '../core/types';

export type { ReindexReport, Surface } from '../core/types';

/** A user message, already stripped of the bot's own mention by the adapter. */
export interface IncomingMessage {
  surface: Surface;
  text: string;
  /** Surface-specific user id: Teams AAD object id, Slack user id. Used for admin checks and logs. */
  userId: string;
  userName?: string;
  /** Client locale (Teams `locale`, Slack has none): only a hint, the text decides. */
  localeHint?: string;
  conversationId?: string;
}

/** What the bot decided to say. Adapters render it (Adaptive Card, Block Kit, plain text). */
export type BotReply =
  | { kind: 'answer'; language: Lang; answer: Answer }
  | { kind: 'help'; language: Lang; text: string; examples: string[] }
  | { kind: 'welcome'; language: Lang; text: string; examples: string[] }
  | { kind: 'refusal'; language: Lang; text: string }
  | { kind: 'reindex-started'; language: Lang; text: string }
  | { kind: 'reindex-done'; language: Lang; text: string; report: ReindexReport }
  | { kind: 'error'; language: Lang; text: string; correlationId: string };

/** The single entry point of the conversation layer. */
export interface Bot {
  /** Incoming message → reply. Never throws: failures become an `error` reply. */
  handle(message: IncomingMessage, hooks?: TurnHooks): Promise<BotReply>;
  /** The welcome shown when the app is installed or the bot is added. */
  welcome(localeHint?: string): BotReply;
}

/** Optional callbacks for long work (reindex): the adapter posts these as follow-up messages. */
export interface TurnHooks {
  /** Sends a follow-up reply later in the same conversation (reindex finished, progress). */
  followUp?: (reply: BotReply) => Promise<void>;
  /** The turn's logger, bound by the adapter to its ids (Teams activity id, Slack event or envelope id). */
  log?: Logger;
}
