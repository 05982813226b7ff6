import { strict as assert } from 'node:assert';
import { TtlSet } from '../../../src/channels/slack/retryDedup';
import { parseBody } from '../../../src/channels/slack/restifyReceiver';

describe('slack retryDedup', () => {
  it('accepts an id once until it expires', () => {
    let now = 1000;
    const set = new TtlSet({ ttlMs: 100, maxEntries: 10, now: () => now });
    assert.equal(set.addIfNew('Ev1'), true);
    assert.equal(set.addIfNew('Ev1'), false);
    now += 101;
    assert.equal(set.addIfNew('Ev1'), true);
  });

  it('a repeat keeps its first expiry, and the set stays bounded', () => {
    let now = 0;
    const set = new TtlSet({ ttlMs: 100, maxEntries: 2, now: () => now });
    assert.equal(set.addIfNew('Ev1'), true);
    now = 60;
    assert.equal(set.addIfNew('Ev1'), false);
    now = 101;
    assert.equal(set.has('Ev1'), false, 'the repeat did not extend the first expiry');
    for (const id of ['Ev2', 'Ev3', 'Ev4']) set.addIfNew(id);
    assert.equal(set.has('Ev2'), false, 'the oldest id was evicted');
    assert.equal(set.has('Ev4'), true);
  });

  it('parses JSON, form and interactivity payload bodies', () => {
    assert.deepEqual(parseBody('{"type":"event_callback"}', 'application/json'), { type: 'event_callback' });
    assert.deepEqual(parseBody('command=%2Fprivacy&text=a+b', 'application/x-www-form-urlencoded'), { command: '/privacy', text: 'a b' });
    const payload = encodeURIComponent(JSON.stringify({ type: 'block_actions' }));
    assert.deepEqual(parseBody(`payload=${payload}`, 'application/x-www-form-urlencoded; charset=utf-8'), { type: 'block_actions' });
    assert.throws(() => parseBody('[1]', 'application/json'));
  });
});
