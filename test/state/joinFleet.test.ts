import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeArtifact } from '../../src/core/indexArtifact';
import { openIndex } from '../../src/core/indexStore';
import { recordingLogger } from '../../src/core/logger';
import { createReindexService, type AuditEntry, type ReindexService } from '../../src/core/reindexService';
import { joinFleet } from '../../src/state/joinFleet';
import { createSharedState, type SharedState } from '../../src/state/sharedState';
import { CONTENT, realIndex } from '../helpers/engine';
import { startTestRedis, type TestRedis } from '../helpers/redisServer';
import { until } from '../helpers/until';

const FILE = 'mcas-data-security-privacy.en-US.md';

describe('state/joinFleet: reindex services sharing one Redis (real redis-server, build workers)', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let dir: string;
  const replicas: { shared: SharedState; service: ReindexService; audit: AuditEntry[]; leave: () => void; content: string }[] = [];

  before(async () => {
    redis = await startTestRedis();
    dir = mkdtempSync(join(tmpdir(), 'privacy-bot-fleet-'));
    for (const name of ['one', 'two']) {
      const content = join(dir, name);
      cpSync(CONTENT, content, { recursive: true });
      const shared = createSharedState({ url: redis.url, keyPrefix: 'fleet:', streamMaxLen: 1000, indexPollMs: 200 }, recordingLogger());
      const audit: AuditEntry[] = [];
      const initial = openIndex([content], join(dir, `${name}.json`)).index;
      const service = createReindexService({ contentDirs: [content], indexPath: join(dir, `${name}.json`), initial, audit: (e) => audit.push(e), distribution: shared.distribution });
      replicas.push({ shared, service, audit, leave: () => undefined, content });
    }
    await until(() => replicas.every((r) => r.shared.connection.isUp()), 3000, 'connected');
    for (const r of replicas) r.leave = joinFleet(r.shared, r.service, recordingLogger());
    await until(async () => (await replicas[0].shared.distribution.current()) !== undefined, 3000, 'seeded');
  });
  after(async () => {
    for (const r of replicas) {
      r.leave();
      await r.shared.close();
    }
    await redis?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two reindexes at once on two replicas build once, and both serve the result', async () => {
    const [one, two] = replicas;
    const path = join(one.content, FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('United States and Europe', 'United States, Europe and Zanzibar'));
    const first = one.service.reindex({ who: 'admin-1', surface: 'http' });
    await until(async () => (await one.shared.connection.client.exists('fleet:index:lock')) === 1, 5000, 'lock taken');
    const second = await two.service.reindex({ who: 'admin-2', surface: 'http' });
    const report = await first;
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(second.ok, true, JSON.stringify(second.warnings));
    assert.equal(second.coalesced, true);
    assert.equal(second.version, report.version);
    assert.deepEqual(second.changed, ['mcas-data-security-privacy']);
    assert.deepEqual(one.audit.map((e) => e.result), ['ok']);
    assert.deepEqual(two.audit.map((e) => e.result), ['joined']);
    assert.ok(two.service.current().passages.some((p) => p.text.includes('Zanzibar')));
  });

  it('follows a version by polling when the announcement is lost', async () => {
    const [one, two] = replicas;
    // Publish as a replica whose PUBLISH never arrives: write the artifact and move "current" by hand.
    const other = { ...realIndex().index, builtAt: '2001-01-01T00:00:00.000Z', version: '6-polled000000' };
    const artifact = await encodeArtifact(other);
    await one.shared.connection.client.set(`fleet:index:artifact:${artifact.id}`, artifact.gz);
    const current = { artifact: artifact.id, version: other.version, builtAt: other.builtAt, bytes: artifact.gz.length, publishedAt: new Date().toISOString() };
    await one.shared.connection.client.set('fleet:index:current', JSON.stringify(current));
    await until(() => two.service.current().version === '6-polled000000', 3000, 'the follower polled the new version');
  });
});
