import { strict as assert } from 'node:assert';
import { derived } from '../../../src/core/query/derived';

describe('derived', () => {
  it('builds once per key, keeps the result with the key and says when it is built', () => {
    const calls: object[] = [];
    const sizeOf = derived((key: { items: number[] }) => {
      calls.push(key);
      return { size: key.items.length };
    });
    const a = { items: [1, 2] };
    const b = { items: [3] };
    assert.equal(sizeOf.has(a), false);
    const first = sizeOf(a);
    assert.equal(sizeOf.has(a), true);
    assert.equal(sizeOf.has(b), false);
    assert.equal(sizeOf(a), first);
    assert.deepEqual(sizeOf(b), { size: 1 });
    assert.deepEqual(calls, [a, b]);
  });
});
