/**
 * Refused requests are counted and summarised, not logged one line each: the unit behaviour of the
 * summary, and 200 badly signed Slack deliveries against the real app.
 */
import { strict as assert } from 'node:assert';
import { recordingLogger } from '../../src/core/logger';
import { createRejectionSummary, type RejectionReport } from '../../src/server/rejectionSummary';
import { useRealAppWithPeers } from '../helpers/realApp';
import { signedHeaders } from '../helpers/signSlack';

describe('rejection summary', () => {
  it('reports the first rejection of an interval at once and the rest as one line when it ends', async () => {
    const log = recordingLogger();
    const reports: RejectionReport[] = [];
    const summary = createRejectionSummary({ log, surface: 'test', intervalMs: 50, maxReasons: 2, onReport: (r) => reports.push(r) });
    for (let i = 0; i < 30; i += 1) summary.record(i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c', `10.0.0.${i % 4}`);
    assert.equal(log.records.length, 1);
    assert.equal(log.records[0].msg, 'rejected request');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(log.records.length, 2);
    assert.equal(log.records[1].msg, 'rejected requests (summary of the interval)');
    // 29 after the first; at most two distinct reasons, the rest counted as "other".
    assert.deepEqual(log.records[1].reasons, { b: 10, c: 10, other: 9 });
    assert.equal(log.records[1].total, 29);
    assert.equal(reports[1].topClients.length, 3);
    assert.ok(!JSON.stringify(log.records).includes('10.0.0.'), 'client addresses go to the hook only, not the log line');
    summary.record('a');
    summary.stop();
    assert.equal(log.records.length, 3, 'a new interval starts with an immediate line; stop() has nothing more');
  });
});

describe('rejected Slack deliveries against the real app', function () {
  this.timeout(30_000);
  const h = useRealAppWithPeers();

  it('answers 200 badly signed deliveries with 401 and logs at most two lines for them', async () => {
    const before = h.real.logs.length;
    for (let i = 0; i < 200; i += 1) {
      const body = `command=%2Fprivacy&text=attempt-${i}`;
      const headers = signedHeaders('not-the-signing-secret', body, 'application/x-www-form-urlencoded');
      const res = await fetch(`${h.real.base}/slack/events`, { method: 'POST', headers, body });
      assert.equal(res.status, 401);
      await res.text();
    }
    // At the default level (info): the per-request completion lines of refusals are debug.
    const lines = h.real.logs.slice(before).filter((l) => !l.includes('"level":"debug"'));
    assert.ok(lines.length <= 2, lines.join('\n'));
    assert.ok(h.real.logs.slice(before).filter((l) => l.startsWith('request ')).every((l) => l.includes('"level":"debug"')));
    assert.match(lines[0] ?? '', /^rejected request .*"reasons":\{"invalid_signature":1\}/);
  });
});
