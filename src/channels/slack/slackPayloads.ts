/**
 * Reading Slack payloads: the message events we answer, and who clicked which button. Bolt's union types
 * are too wide to narrow cheaply, so these take only the fields the plugin uses.
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { isSlackUserId } from './escapeSlack';

/** The fields of a `message` / `app_mention` event we use (Bolt's union type is too wide to narrow cheaply). */
export interface LooseMessageEvent {
  type: string;
  subtype?: string;
  bot_id?: string;
  channel_type?: string;
  text?: string;
  user?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
}

/** Bot messages, edits, deletes, joins and every other subtype are not questions. */
export function isIgnoredMessage(e: LooseMessageEvent): boolean {
  return Boolean(e.bot_id) || e.subtype !== undefined || !e.text;
}

/** Who clicked, the button value, and the message it was on, from a block_actions body. */
export function clickOf(body: unknown): { user: string; value: string | undefined; messageTs: string | undefined } {
  const b = body as BlockAction<ButtonAction> & { container?: { message_ts?: string } };
  const user = b.user?.id ?? '';
  return {
    user: isSlackUserId(user) ? user : '',
    value: b.actions?.[0]?.value,
    messageTs: b.container?.message_ts ?? b.message?.ts,
  };
}
