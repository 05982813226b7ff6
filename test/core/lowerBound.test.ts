import { strict as assert } from 'node:assert';
import { lowerBound } from '../../src/core/lowerBound';

describe('lowerBound', () => {
  const sorted = ['alpha', 'beta', 'beta', 'delta', 'gamma'];
  const at = (x: string) => lowerBound(sorted.length, (i) => sorted[i] < x);

  it('finds the first position not before the key, the first of equal ones', () => {
    assert.equal(at('beta'), 1);
    assert.equal(at('alpha'), 0);
    assert.equal(at('charlie'), 3, 'a missing key: where it would go');
  });

  it('gives 0 for a key before all and the length for one after all, or an empty table', () => {
    assert.equal(at('aardvark'), 0);
    assert.equal(at('zulu'), sorted.length);
    assert.equal(lowerBound(0, () => true), 0);
  });
});
