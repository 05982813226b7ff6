import { strict as assert } from 'node:assert';
import { MemoryClaimStore } from '../../src/bot/claimStore';

describe('MemoryClaimStore', () => {
  it('grants a key once: a second claim, even concurrent, is refused while the first holds', async () => {
    const claims = new MemoryClaimStore({ now: () => 0 });
    assert.equal(await claims.claim('a', 1000), true);
    assert.deepEqual(await Promise.all([claims.claim('a', 1000), claims.claim('a', 1000)]), [false, false]);
    assert.equal(await claims.claim('b', 1000), true, 'other keys are not affected');
  });

  it('release lets the next claim in at once; releasing a key nobody holds is harmless', async () => {
    const claims = new MemoryClaimStore({ now: () => 0 });
    assert.equal(await claims.claim('a', 60_000), true);
    await claims.release('a');
    assert.equal(await claims.claim('a', 60_000), true);
    assert.equal(await claims.claim('a', 60_000), false);
    await claims.release('never-claimed');
    assert.equal(claims.size, 1);
  });

  it('an expired claim can be taken again', async () => {
    let now = 0;
    const claims = new MemoryClaimStore({ now: () => now });
    assert.equal(await claims.claim('a', 1000), true);
    now = 999;
    assert.equal(await claims.claim('a', 1000), false);
    now = 1000;
    assert.equal(await claims.claim('a', 1000), true);
  });

  it('expires each claim by its own TTL when TTLs are mixed', () => {
    let now = 0;
    const claims = new MemoryClaimStore({ now: () => now });
    assert.equal(claims.claimNow('long', 10_000), true);
    assert.equal(claims.claimNow('short', 100), true);
    now = 200;
    assert.equal(claims.claimNow('short', 100), true, 'the short claim lapsed behind a longer one');
    assert.equal(claims.claimNow('long', 10_000), false);
    // A key held under one TTL is held whatever TTL the next caller asks for.
    assert.equal(claims.claimNow('long', 100), false);
  });

  it('stays bounded whatever the number of keys, forgetting the oldest first', async () => {
    const claims = new MemoryClaimStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await claims.claim(`k${i}`, 60_000);
    assert.ok(claims.size <= 100, `size ${claims.size}`);
    assert.equal(await claims.claim('k9999', 60_000), false, 'the newest claims are kept');
    assert.equal(await claims.claim('k0', 60_000), true, 'the oldest was forgotten');
  });

  it('the bound spans TTLs: the oldest claim goes, whichever TTL it has', () => {
    const claims = new MemoryClaimStore({ maxEntries: 3, now: () => 0 });
    claims.claimNow('old-long', 60_000);
    claims.claimNow('short-1', 1000);
    claims.claimNow('short-2', 1000);
    claims.claimNow('short-3', 1000);
    assert.equal(claims.size, 3);
    assert.equal(claims.get('old-long'), undefined);
    assert.ok(claims.get('short-1'));
  });

  it('keeps a shared claim\'s token; remember() records another holder without replacing a live claim', () => {
    const claims = new MemoryClaimStore({ now: () => 0 });
    claims.remember('theirs', 1000);
    assert.deepEqual(claims.get('theirs'), { expires: 1000, theirs: true });
    assert.equal(claims.claimNow('theirs', 1000), false, 'a remembered claim is held');
    claims.hold('theirs', 1000, 'tok-1');
    assert.deepEqual(claims.get('theirs'), { expires: 1000, theirs: false, token: 'tok-1' }, 'hold replaces it');
    claims.remember('theirs', 1000);
    assert.equal(claims.get('theirs')?.token, 'tok-1', 'remember does not overwrite our claim');
    assert.equal(claims.forget('theirs')?.token, 'tok-1');
    assert.equal(claims.get('theirs'), undefined);
    assert.equal(claims.size, 0);
  });
});
