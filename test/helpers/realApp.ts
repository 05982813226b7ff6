/**
 * The real application (createApp: real engine on content/, Teams, Slack and admin surfaces) on a free
 * loopback port, with a test configuration built in code: no MicrosoftAppId (unauthenticated local
 * mode), Slack on with a test signing secret and its Web API pointed at a fake, an admin token, and a
 * temporary data folder that `stop()` removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../../src/app';
import type { Config } from '../../src/config';
import { startFakeConnector, type FakeConnector } from './fakeConnector';
import { startFakeSlackApi, type FakeSlackApi } from './fakeSlackApi';
import { lineLogger } from '../../src/core/logger';

/** Secrets of the test configuration. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A running real app. */
export interface RealApp {
  app: App;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Everything the app logged. */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts the real app; `slackApiUrl` must end with `/` (the fake Slack API's `apiUrl`). */
export async function startRealApp(options: { slackApiUrl: string; configure?: (config: Config) => Config }): Promise<RealApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-bot-realapp-'));
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    contentDirs: [resolve(__dirname, '../../content')],
    dataDir,
    teams: { mode: 'local', appType: 'MultiTenant', adminIds: [] },
    slack: { signingSecret: TEST_SIGNING_SECRET, botToken: 'xoxb-test', apiUrl: options.slackApiUrl, adminIds: [] },
    adminToken: TEST_ADMIN_TOKEN,
    reindex: { fetch: false, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 },
    outbound: { timeoutMs: 5000, teamsTurnMs: 12_000 },
    allowUnauthenticatedRemote: false,
  };
  const logs: string[] = [];
  const app = createApp(options.configure ? options.configure(config) : config, lineLogger((line) => logs.push(line)));
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', () => r()));
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      app.stop();
      app.server.server.closeAllConnections();
      await new Promise<void>((r) => app.server.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real app with a fake Bot Framework connector and a fake Slack Web API, filled in by `before`. */
export interface RealAppHarness {
  connector: FakeConnector;
  slackApi: FakeSlackApi;
  real: RealApp;
}

/** Registers mocha hooks that start the real app and its fake peers, and stop them afterwards. */
export function useRealAppWithPeers(): RealAppHarness {
  const h = {} as RealAppHarness;
  before(async () => {
    h.connector = await startFakeConnector();
    h.slackApi = await startFakeSlackApi();
    h.real = await startRealApp({ slackApiUrl: h.slackApi.apiUrl });
  });
  after(async () => {
    await h.real?.stop();
    await h.connector?.close();
    await h.slackApi?.close();
  });
  return h;
}
