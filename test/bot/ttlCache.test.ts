import { strict as assert } from 'node:assert';
import { TtlCache } from '../../src/bot/ttlCache';

describe('TtlCache', () => {
  it('stays bounded, evicting the oldest entries', () => {
    const cache = new TtlCache<number>({ ttlMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('k0'), undefined);
    assert.equal(cache.get('k9'), 9);
  });

  it('forgets an entry once its TTL has passed, and a set refreshes it', () => {
    let now = 1000;
    const cache = new TtlCache<string>({ ttlMs: 100, maxEntries: 10, now: () => now });
    cache.set('a', 'first');
    cache.set('b', 'other');
    now += 60;
    cache.set('a', 'second');
    now += 60;
    assert.equal(cache.get('b'), undefined, 'b expired after 100 ms');
    assert.equal(cache.has('b'), false);
    assert.equal(cache.get('a'), 'second', 'the second set restarted the TTL of a');
    now += 41;
    assert.equal(cache.get('a'), undefined);
  });

  it('evicts expired entries when a new one is stored, so they do not hold the size bound', () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 10, maxEntries: 100, now: () => now });
    for (let i = 0; i < 50; i++) cache.set(`old${i}`, i);
    now = 20;
    cache.set('new', 1);
    assert.equal(cache.size, 1);
  });
});
