/**
 * A real restify server with the Slack plugin, for the Slack plugin tests that post signed Slack requests to it
 * (see `fakeSlackApi.ts` for the Slack side, `slackBodies.ts` for the bodies).
 */
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import type { FeedbackEntry } from '../../src/bot/feedbackLog';
import { createTexts } from '../../src/bot/i18n';
import type { Bot } from '../../src/bot/types';
import { createSlackPlugin, type SlackPluginOptions } from '../../src/channels/slack/slackPlugin';
import { lineLogger } from '../../src/core/logger';
import { buildServer } from '../../src/server/buildServer';
import { signedHeaders } from './signSlack';

/** The signing secret the harness verifies requests with. */
export const SECRET = 'test-signing-secret';
/** The bot's own Slack user id (what an `app_mention` mentions). */
export const BOT_USER = 'UBOT1';
/** Content type of slash commands and button clicks. */
export const FORM = 'application/x-www-form-urlencoded';
/** Content type of Events API deliveries. */
export const JSON_TYPE = 'application/json';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;
type Block = { type: string; text?: { text: string }; elements?: { text?: unknown; action_id?: string; value?: string }[] };

/** A running Slack plugin server: its base URL, the bot, the feedback it recorded and the lines it logged. */
export interface SlackHarness<B extends Bot = Bot> {
  server: restify.Server;
  base: string;
  bot: B;
  feedback: FeedbackEntry[];
  logs: string[];
}

/** Starts the Slack plugin for `bot` on 127.0.0.1 on a free port, with `over` replacing the test defaults. */
export async function startSlackHarness<B extends Bot>(bot: B, over: Partial<SlackPluginOptions>): Promise<SlackHarness<B>> {
  const feedback: FeedbackEntry[] = [];
  const logs: string[] = [];
  const plugin = createSlackPlugin({
    bot,
    texts: createTexts(),
    signingSecret: SECRET,
    botToken: 'xoxb-test',
    botUserId: BOT_USER,
    botId: 'BBOT1',
    slackApiRetries: 0,
    feedbackLog: { record: async (e) => void feedback.push(e) },
    log: lineLogger((line) => logs.push(line)),
    ...over,
  });
  const server = buildServer({ plugins: [plugin], health: () => ({}), log: lineLogger((line) => logs.push(line)) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, bot, feedback, logs };
}

/** POSTs `body` to the harness's `/slack/events` with `headers`; `json` is the parsed answer, if it is JSON. */
export async function post(h: SlackHarness, body: string, headers: Record<string, string>): Promise<{ status: number; text: string; json: Json | undefined }> {
  const res = await fetch(`${h.base}/slack/events`, { method: 'POST', body, headers });
  const text = await res.text();
  let json: Json | undefined;
  try {
    json = text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** {@link post} signed with {@link SECRET}, as content `type`, plus `extra` headers. */
export const signedPost = (h: SlackHarness, body: string, type: string, extra: Record<string, string> = {}) =>
  post(h, body, { ...signedHeaders(SECRET, body, type), ...extra });

/** The texts of Block Kit `blocks`: section texts and string texts of their elements. */
export const textsOf = (blocks: unknown): string[] =>
  (blocks as Block[]).flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : undefined))]).filter((t): t is string => !!t);

/** The buttons of Block Kit `blocks` (the elements of their `actions` blocks). */
export const buttonsOf = (blocks: unknown) => (blocks as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

/** Closes the server and every connection still open to it, and waits until it has really stopped. */
export async function closeServer(server: restify.Server): Promise<void> {
  server.server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
