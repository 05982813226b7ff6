import { strict as assert } from 'node:assert';
import { TtlCache, TtlSet } from '../../../src/channels/slack/retryDedup';
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

  it('stays bounded, evicting the oldest entries', () => {
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('k0'), undefined);
    assert.equal(cache.get('k9'), 9);
  });

  it('parses JSON, form and interactivity payload bodies', () => {
    assert.deepEqual(parseBody('{"type":"event_callback"}', 'application/json'), { type: 'event_callback' });
    assert.deepEqual(parseBody('command=%2Fprivacy&text=a+b', 'application/x-www-form-urlencoded'), { command: '/privacy', text: 'a b' });
    const payload = encodeURIComponent(JSON.stringify({ type: 'block_actions' }));
    assert.deepEqual(parseBody(`payload=${payload}`, 'application/x-www-form-urlencoded; charset=utf-8'), { type: 'block_actions' });
    assert.throws(() => parseBody('[1]', 'application/json'));
  });
});
