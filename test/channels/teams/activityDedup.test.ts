/**
 * Teams redeliveries across replicas: two Teams plugins (two replicas) share activity-id claims in a real
 * redis-server; the same activity posted to both is answered once.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { createTexts } from '../../../src/bot/i18n';
import { createTeamsPlugin } from '../../../src/channels/teams/teamsPlugin';
import { recordingLogger } from '../../../src/core/logger';
import { buildServer } from '../../../src/server/buildServer';
import { createSharedState, type SharedState } from '../../../src/state/sharedState';
import { makeActivity, postActivity, startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { startTestRedis, type TestRedis } from '../../helpers/redisServer';
import { until } from '../../helpers/until';
import { createFakeBot } from './fakeBot';

describe('Teams activity deduplication across replicas (real redis-server, fake connector)', () => {
  let redis: TestRedis;
  let connector: FakeConnector;
  const states: SharedState[] = [];
  const servers: { server: restify.Server; url: string }[] = [];

  before(async () => {
    redis = await startTestRedis();
    connector = await startFakeConnector();
    for (let i = 0; i < 2; i++) {
      const log = recordingLogger();
      const shared = createSharedState({ url: redis.url, keyPrefix: 'teams-dedup:', streamMaxLen: 1000, indexPollMs: 2000 }, log);
      states.push(shared);
      const plugin = createTeamsPlugin({ bot: createFakeBot(), auth: {}, texts: createTexts(), feedbackLog: { record: async () => undefined }, log, activityIds: shared.dedup('teams-activity', 60_000) });
      const server = buildServer({ plugins: [plugin], health: () => ({}), log });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      servers.push({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages` });
    }
    await until(() => states.every((s) => s.connection.isUp()), 3000, 'connected');
  });
  after(async () => {
    for (const { server } of servers) {
      server.server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    await Promise.all(states.map((s) => s.close()));
    await connector?.close();
    await redis?.close();
  });

  it('answers an activity delivered to two replicas once, and a new activity again', async () => {
    const activity = makeActivity({ serviceUrl: connector.url, conversationId: 'dedup-1', text: 'Where is my data stored?' });
    const [first, second] = [await postActivity(servers[0].url, activity), await postActivity(servers[1].url, activity)];
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const replies = () => connector.calls.filter((c) => c.conversationId === 'dedup-1' && c.activity.type === 'message');
    assert.equal(replies().length, 1);
    await postActivity(servers[1].url, makeActivity({ serviceUrl: connector.url, conversationId: 'dedup-1', text: 'And the keys?' }));
    assert.equal(replies().length, 2);
  });
});
