/**
 * Each channel is on only when configured (issue 9, item 10), on the real app: a Slack-only deployment
 * has no /api/messages at all, so nobody can make it call a serviceUrl; local (unauthenticated) Teams
 * refuses a non-loopback serviceUrl before any outbound call, and warns loudly at start.
 */
import { strict as assert } from 'node:assert';
import { loadConfig } from '../../src/config';
import { makeActivity, postActivity, startFakeConnector, type FakeConnector } from '../helpers/fakeConnector';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fakeSlackApi';
import { startRealApp, TEST_SIGNING_SECRET, type RealApp } from '../helpers/realApp';

describe('channels on only when configured (real app)', function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let slackApi: FakeSlackApi;

  before(async () => {
    connector = await startFakeConnector();
    slackApi = await startFakeSlackApi();
  });
  after(async () => {
    await connector?.close();
    await slackApi?.close();
  });

  it('a Slack-only deployment (even with HOST=0.0.0.0 in its environment) has no Teams endpoint and calls no serviceUrl', async () => {
    const env = loadConfig({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', HOST: '0.0.0.0' });
    assert.equal(env.teams.mode, 'off');
    let real: RealApp | undefined;
    try {
      real = await startRealApp({ slackApiUrl: slackApi.apiUrl, configure: (c) => ({ ...c, teams: env.teams }) });
      assert.deepEqual(real.app.surfaces, ['slack', 'admin']);
      const res = await postActivity(`${real.base}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'ssrf-1', text: 'Where is my data stored?' }));
      assert.equal(res.status, 404);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(connector.calls.filter((c) => c.conversationId === 'ssrf-1').length, 0);
      assert.ok(!real.logs.some((l) => l.includes('UNAUTHENTICATED')), 'no unauthenticated warning: Teams is off');
    } finally {
      await real?.stop();
    }
  });

  it('local Teams warns at start and refuses a non-loopback serviceUrl with 400 before any outbound call', async () => {
    let real: RealApp | undefined;
    try {
      real = await startRealApp({ slackApiUrl: slackApi.apiUrl, configure: (c) => ({ ...c, allowUnauthenticatedRemote: true }) });
      assert.ok(real.logs.some((l) => l.startsWith('UNAUTHENTICATED Teams endpoint') && l.includes('"level":"warn"')), real.logs.join('\n'));
      const res = await postActivity(`${real.base}/api/messages`, makeActivity({ serviceUrl: 'http://192.0.2.10:3978', text: 'Where is my data stored?' }));
      assert.equal(res.status, 400);
      assert.match((JSON.parse(res.body) as { message: string }).message, /loopback/);
      const ok = await postActivity(`${real.base}/api/messages`, makeActivity({ serviceUrl: connector.url, conversationId: 'local-ok', text: 'Where is my data stored?' }));
      assert.equal(ok.status, 200);
      await connector.waitFor((c) => c.conversationId === 'local-ok' && c.activity.type === 'message');
    } finally {
      await real?.stop();
    }
  });
});
