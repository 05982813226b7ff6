import { strict as assert } from 'node:assert';
import { MemoryClaimStore } from '../../src/bot/claimStore';

describe('MemoryClaimStore', () => {
  it('grants a key once until it expires, and again after release', async () => {
    let now = 0;
    const claims = new MemoryClaimStore({ now: () => now });
    assert.equal(await claims.claim('a', 1000), true);
    assert.deepEqual(await Promise.all([claims.claim('a', 1000), claims.claim('a', 1000)]), [false, false]);
    now = 1001;
    assert.equal(await claims.claim('a', 1000), true, 'expired claims can be taken again');
    await claims.release('a');
    assert.equal(await claims.claim('a', 1000), true);
  });

  it('stays bounded whatever the number of keys', async () => {
    const claims = new MemoryClaimStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await claims.claim(`k${i}`, 60_000);
    assert.ok(claims.size <= 100, `size ${claims.size}`);
    assert.equal(await claims.claim('k9999', 60_000), false, 'the newest claims are kept');
  });
});
