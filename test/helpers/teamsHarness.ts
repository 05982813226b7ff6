/**
 * A real restify server with the Teams plugin and a feedback log in a temporary folder, for the Teams plugin tests
 * that post Emulator-style activities to it (see `fakeConnector.ts` for the connector side).
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as restify from 'restify';
import { createFeedbackLog, type FeedbackEntry } from '../../src/bot/feedbackLog';
import { createTexts } from '../../src/bot/i18n';
import type { Bot } from '../../src/bot/types';
import { createTeamsPlugin } from '../../src/channels/teams/teamsPlugin';
import { lineLogger } from '../../src/core/logger';
import { buildServer } from '../../src/server/buildServer';

/** A running Teams plugin server, what it logged and where its feedback log writes. */
export interface TeamsHarness<B extends Bot = Bot> {
  url: string;
  server: restify.Server;
  bot: B;
  logs: string[];
  logFile: string;
  /** Waits until the feedback log has written what it accepted (it writes in the background). */
  flushLog(): Promise<void>;
  /** Closes the server and removes the temporary folder. */
  stop(): Promise<void>;
}

/** The feedback log pseudonymises user ids under this key. */
export const TEST_USER_ID_KEY = 'teams-plugin-test-key-0123456789';

/** Starts the Teams plugin for `bot` on 127.0.0.1 on a free port; `url` is its `/api/messages` endpoint. */
export async function startTeamsHarness<B extends Bot>(
  bot: B,
  auth: { appId?: string; appPassword?: string } = {},
  extra: { feedbackSigningKey?: string; logFile?: string } = {},
): Promise<TeamsHarness<B>> {
  const logs: string[] = [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'teams-plugin-'));
  const logFile = extra.logFile ?? path.join(dir, 'nested', 'feedback.jsonl');
  const log = lineLogger((line: string) => logs.push(line));
  const feedbackLog = createFeedbackLog(logFile, { log, userIdKey: TEST_USER_ID_KEY });
  const plugin = createTeamsPlugin({ bot, auth, texts: createTexts(), feedbackLog, feedbackSigningKey: extra.feedbackSigningKey, log });
  const server = buildServer({ plugins: [plugin], health: () => ({}), log });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const stop = async () => {
    // Every connection too (keep-alive clients, a request still in flight), and wait until it is closed.
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}/api/messages`, server, bot, logs, logFile, flushLog: () => feedbackLog.flush(), stop };
}

/** The entries of a feedback log file (JSON lines). */
export async function readJsonl(file: string): Promise<FeedbackEntry[]> {
  const text = await fs.readFile(file, 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as FeedbackEntry);
}
