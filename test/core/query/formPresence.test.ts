import { strict as assert } from 'node:assert';
import { formLookup, markPresent } from '../../../src/core/query/formPresence';

describe('formPresence', () => {
  it('sorts the forms by term index, a term two forms share once per form', () => {
    const lookup = formLookup([9, 3, 9, 1]);
    assert.deepEqual([...lookup.terms], [1, 3, 9, 9]);
    assert.deepEqual([...lookup.slots], [3, 1, 0, 2]);
  });

  it('marks exactly the forms whose term lies in the range, with the given bit, keeping other bits', () => {
    const lookup = formLookup([9, 3, 9, 1, 20]);
    // Two vectors packed in one array: [1, 4, 9] then [3, 20].
    const terms = Int32Array.from([1, 4, 9, 3, 20]);
    const flags = new Uint8Array(5);
    markPresent(lookup, terms, 0, 3, flags, 1);
    assert.deepEqual([...flags], [1, 0, 1, 1, 0]);
    markPresent(lookup, terms, 3, 5, flags, 2);
    assert.deepEqual([...flags], [1, 2, 1, 1, 2]);
    markPresent(lookup, terms, 2, 2, flags, 4);
    assert.deepEqual([...flags], [1, 2, 1, 1, 2]);
  });

  it('agrees with a plain membership test on random vectors', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const wanted = Array.from({ length: 1 + random(12) }, () => random(40));
      const vector = [...new Set(Array.from({ length: random(30) }, () => random(40)))].sort((a, b) => a - b);
      const flags = new Uint8Array(wanted.length);
      markPresent(formLookup(wanted), vector, 0, vector.length, flags, 2);
      assert.deepEqual([...flags], wanted.map((t) => (vector.includes(t) ? 2 : 0)), `${wanted} in ${vector}`);
    }
  });
});
