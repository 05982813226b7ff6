import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../../src/bot/auditLog';
import { userIdPolicy } from '../../src/bot/pseudonymize';
import { recordingLogger } from '../../src/core/logger';

describe('createAuditLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('clips fields, pseudonymises refused users and keeps admins named', async () => {
    const path = join(dir, 'audit.jsonl');
    const audit = createAuditLog({ path, log: recordingLogger(), userIdKey: 'audit-test-key-0123456789' });
    audit.record({ at: '2026-01-01T00:00:00Z', who: 'U-eve', surface: 'slack', result: 'refused', detail: 'not an admin' });
    audit.record({ at: '2026-01-01T00:00:01Z', who: 'U-admin\u202e', surface: 'slack', result: 'ok', detail: 'd'.repeat(100_000) });
    audit.record({ at: '2026-01-01T00:00:02Z', who: 'http:127.0.0.1', surface: 'http', result: 'refused', detail: 'wrong token' });
    await audit.flush();
    const [refused, ok, http] = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(refused.who, userIdPolicy('audit-test-key-0123456789')('slack', 'U-eve'));
    assert.equal(ok.who, 'U-admin');
    assert.equal(ok.detail.length, 2000);
    assert.equal(http.who, 'http:127.0.0.1');
  });

  it('rotates under a flood of refused attempts and never holds more than its queue', async () => {
    const path = join(dir, 'audit.jsonl');
    const audit = createAuditLog({ path, log: recordingLogger(), rotation: { maxBytes: 64 * 1024, maxFiles: 2 }, maxQueue: 500 });
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) audit.record({ at: new Date().toISOString(), who: `http:10.0.0.${i % 250}`, surface: 'http', result: 'refused', detail: 'wrong token' });
      assert.ok(audit.stats().queued <= 500);
      await audit.flush();
    }
    assert.ok(audit.stats().dropped > 0);
    assert.deepEqual(readdirSync(dir).sort(), ['audit.jsonl', 'audit.jsonl.1']);
    for (const n of readdirSync(dir)) assert.ok(statSync(join(dir, n)).size <= 64 * 1024);
  });
});
