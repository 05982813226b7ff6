/**
 * Several real bot processes on one real redis-server (issue 12's scenarios), each replica with its own
 * copy of content/ and its own data folder, Slack pointed at one fake Slack API that counts posts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { ACTION_SHARE } from '../../src/channels/slack/renderBlocks';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fakeSlackApi';
import { TEST_ADMIN_TOKEN, TEST_SIGNING_SECRET } from '../helpers/realApp';
import { startTestRedis, type TestRedis } from '../helpers/redisServer';
import { startReplica, type Replica } from '../helpers/replica';
import { nowSeconds, signedHeaders } from '../helpers/signSlack';
import { until } from '../helpers/until';
import { buttonClickBody } from '../helpers/slackBodies';

type Json = Record<string, unknown>;
const FORM = 'application/x-www-form-urlencoded';
const PREFIX = 'replicas-test:';
const FILE = 'mcas-data-security-privacy.en-US.md';
const OLD = 'operates in datacenters in the United States and Europe';
const NEW = 'operates in datacenters in the United States, Europe and Zanzibar';
const QUESTION = 'In which datacenters does Cloud App Security operate?';

async function slack(r: Replica, body: string, type: string, extra: Record<string, string> = {}): Promise<{ status: number; json?: Json }> {
  const res = await fetch(`${r.base}/slack/events`, { method: 'POST', body, headers: { ...signedHeaders(TEST_SIGNING_SECRET, body, type), ...extra } });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Json) : undefined };
}

function slash(fake: FakeSlackApi, text: string, responseId: string): string {
  return new URLSearchParams({
    token: 'x', team_id: 'T1', team_domain: 't', channel_id: 'C1', channel_name: 'general', user_id: 'UASK1', user_name: 'ann',
    command: '/privacy', text, api_app_id: 'A1', response_url: fake.responseUrl(responseId), trigger_id: 'tr1',
  }).toString();
}

function mention(eventId: string, ts: string, text: string): string {
  return JSON.stringify({
    token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: nowSeconds(),
    event: { type: 'app_mention', user: 'UASK1', text: `<@UBOT1> ${text}`, ts, channel: 'CREPL', event_ts: ts },
  });
}

function click(fake: FakeSlackApi, value: string, responseId: string): string {
  return buttonClickBody(fake.responseUrl(responseId), ACTION_SHARE, value);
}

/** Asks through the slash command; the ack carries the rendered answer. */
async function ask(r: Replica, fake: FakeSlackApi, q: string): Promise<{ status: number; text: string; json?: Json }> {
  const res = await slack(r, slash(fake, q, `ask-${r.name}`), FORM);
  return { ...res, text: JSON.stringify(res.json ?? {}) };
}

const hasCitation = (text: string) => /<https:\/\/learn\.microsoft\.com\/[^|>]+\|/.test(text);
const health = async (r: Replica) => (await (await fetch(`${r.base}/healthz`)).json()) as Json;
const posts = (fake: FakeSlackApi, ts: string) => fake.postMessages().filter((c) => c.body.thread_ts === ts).length;

describe('several replicas on one Redis (real processes, real redis-server)', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let fake: FakeSlackApi;
  let a: Replica;
  let b: Replica;
  let c: Replica | undefined;
  let probe: Redis;
  const replicas = () => [a, b, c].filter((r): r is Replica => r !== undefined);

  before(async () => {
    redis = await startTestRedis();
    fake = await startFakeSlackApi();
    probe = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    probe.on('error', () => undefined);
    await probe.connect();
    [a, b] = await Promise.all(['a', 'b'].map((name) => startReplica({ name, redisUrl: redis.url, keyPrefix: PREFIX, slackApiUrl: fake.apiUrl })));
    // Both replicas built the same content at start: one version is published and both serve it.
    await until(async () => (await probe.get(`${PREFIX}index:current`)) !== null, 5000, 'a current version in Redis');
  });
  after(async () => {
    await Promise.all(replicas().map((r) => r.stop()));
    probe?.disconnect();
    await fake?.close();
    await redis?.close();
  });

  it('(2) the same Slack event delivered to A and, as a retry, to B gets one reply', async () => {
    const body = mention('EvREPL1', '1700000100.000001', 'where does Defender for Endpoint store my data?');
    const first = await slack(a, body, 'application/json');
    const retry = await slack(b, body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    await fake.waitFor((call) => call.method === 'chat.postMessage' && call.body.thread_ts === '1700000100.000001', 5000);
    await new Promise((r) => setTimeout(r, 1000)); // Room for a second (wrong) reply to arrive.
    assert.equal(posts(fake, '1700000100.000001'), 1);
    assert.equal(b.logged('slack: duplicate delivery acknowledged without processing').length, 1);
  });

  it('(3) a share click on B for an answer made on A posts the answer in the channel', async () => {
    const answer = await ask(a, fake, QUESTION);
    const blocks = (answer.json?.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const share = blocks.filter((x) => x.type === 'actions').flatMap((x) => x.elements ?? []).find((e) => e.action_id === ACTION_SHARE);
    assert.ok(share?.value, answer.text);
    const res = await slack(b, click(fake, share.value, 'share-on-b'), FORM);
    assert.equal(res.status, 200);
    const posted = await fake.waitFor((call) => call.path === '/response/share-on-b' && call.body.response_type === 'in_channel', 5000);
    assert.ok(hasCitation(JSON.stringify(posted.body)), 'the shared copy carries the citations');
    assert.ok(!fake.responses('share-on-b').some((call) => /no longer available|niet meer beschikbaar/i.test(JSON.stringify(call.body))));
    // The ephemeral original is removed after the public copy; wait for it so no post of this test lands in the next.
    await fake.waitFor((call) => call.path === '/response/share-on-b' && call.body.delete_original === true, 5000);
  });

  it('(3b) a share whose post failed on A is released in Redis: the asker clicks again on B and it posts', async () => {
    const answer = await ask(a, fake, QUESTION);
    const blocks = (answer.json?.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const share = blocks.filter((x) => x.type === 'actions').flatMap((x) => x.elements ?? []).find((e) => e.action_id === ACTION_SHARE);
    assert.ok(share?.value, answer.text);
    fake.failure = { method: 'response', status: 500, times: 1, path: '/response/share-retry' };
    try {
      await slack(a, click(fake, share.value, 'share-retry'), FORM);
      await until(() => a.logged('slack: response_url post failed').some((l) => l.what === 'share'), 5000, 'the failed post on A');
      // The failure is logged before the claim is released in Redis: B's click must come after the release.
      await until(() => a.logged('slack: share not posted, released for another click').length > 0, 5000, 'the release on A');
    } finally {
      fake.failure = undefined;
    }
    await slack(b, click(fake, share.value, 'share-retry'), FORM);
    await fake.waitFor((call) => call.path === '/response/share-retry' && call.body.delete_original === true, 5000);
    assert.equal(fake.responses('share-retry').filter((call) => call.body.response_type === 'in_channel').length, 2, 'the failed post, then the one on B');
    assert.equal(b.logged('slack: share already posted, replay ignored').length, 0);
  });

  it('(1) a reindex with changed content on A is served by B within 5 s, and the build ran once', async () => {
    assert.ok(!(await ask(b, fake, QUESTION)).text.includes('Zanzibar'));
    const path = join(a.contentDir, FILE);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes(OLD));
    writeFileSync(path, text.replace(OLD, NEW));
    const res = await fetch(`${a.base}/admin/reindex`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const report = (await res.json()) as Json;
    assert.equal(res.status, 200, JSON.stringify(report));
    const done = Date.now();
    let servedAfterMs = -1;
    await until(async () => {
      if (!(await ask(b, fake, QUESTION)).text.includes('Zanzibar')) return false;
      servedAfterMs = Date.now() - done;
      return true;
    }, 5000, 'B serves the new answer');
    assert.equal((await health(b)).indexVersion, report.version);
    // Built once: on A (under the lock), never on B; one "ok" in the shared audit stream.
    assert.equal(a.logged('reindex: building (holding the shared build lock)').length, 1);
    assert.equal(b.logged('reindex: building (holding the shared build lock)').length, 0);
    assert.equal(b.logged('index: loaded the version another replica published').length, 1);
    const audit = (await probe.xrange(`${PREFIX}log:audit`, '-', '+')).map(([, f]) => JSON.parse(f[1]) as Json);
    assert.equal(audit.filter((e) => e.result === 'ok').length, 1, JSON.stringify(audit));
    const current = JSON.parse((await probe.get(`${PREFIX}index:current`)) as string) as Json;
    assert.equal(current.version, report.version);
    process.stdout.write(`      B served the new version ${servedAfterMs} ms after the reindex answered; artifact ${current.bytes} bytes gzip\n`);
  });

  it('(5) a replica started after the reindex serves the new version without building', async () => {
    // C gets the original content/ (older than A's): it must not serve that.
    c = await startReplica({ name: 'c', redisUrl: redis.url, keyPrefix: PREFIX, slackApiUrl: fake.apiUrl });
    const ready = c.logged('index ready');
    assert.equal(ready.length, 1);
    assert.equal(ready[0].built, false);
    assert.equal(ready[0].source, 'redis');
    assert.equal((await health(c)).indexVersion, (await health(a)).indexVersion);
    const answer = await ask(c, fake, QUESTION);
    assert.ok(answer.text.includes('Zanzibar') && hasCitation(answer.text), answer.text);
  });

  it('(4) with Redis stopped every question is answered with citations; once it is back, shared state resumes', async () => {
    await redis.stop();
    await until(async () => (await health(a)).status === 'degraded' && (await health(b)).status === 'degraded', 5000, 'degraded health');
    const questions = [QUESTION, 'Waar slaat Defender voor Eindpunt mijn gegevens op?', 'How is my data encrypted at rest in Cloud App Security?', 'Hoe lang bewaart Microsoft Defender for Endpoint gegevens?', 'Where is Microsoft 365 Defender data stored?'];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? b : a, fake, questions[i % questions.length])));
    assert.deepEqual(results.map((r) => r.status), Array(20).fill(200));
    assert.equal(results.filter((r) => hasCitation(r.text)).length, 20, results.map((r) => r.text.slice(0, 200)).join('\n'));
    // Events are still answered (local dedup, one warning per outage, not per request).
    await slack(a, mention('EvOUT1', '1700000200.000001', QUESTION), 'application/json');
    await slack(a, mention('EvOUT2', '1700000200.000002', QUESTION), 'application/json');
    await fake.waitFor((call) => call.body.thread_ts === '1700000200.000002', 5000);
    assert.ok(a.logged('redis: unavailable, using the local fallback').filter((l) => l.what === 'claims:slack-event').length <= 1);

    await redis.start();
    await until(async () => (await health(a)).status === 'ok' && (await health(b)).status === 'ok', 8000, 'healthy again');
    const body = mention('EvBACK1', '1700000300.000001', QUESTION);
    await slack(b, body, 'application/json');
    await slack(a, body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await fake.waitFor((call) => call.body.thread_ts === '1700000300.000001', 5000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(posts(fake, '1700000300.000001'), 1, 'deduplicated across replicas again');
    // The emptied Redis got the serving version back, so a later replica can load it.
    await until(async () => (await probe.get(`${PREFIX}index:current`).catch(() => null)) !== null, 5000, 'current republished');
  });
});
