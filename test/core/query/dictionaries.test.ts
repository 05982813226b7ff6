import { strict as assert } from 'node:assert';
import { wordNetSensesOf } from '../../../src/core/query/dictionaries';

describe('wordNetSensesOf', () => {
  const lines = [
    // Sorted by sense key, as WordNet ships it.
    'amsterdam%1:15:00:: 08950407 1 0',
    'china%1:06:00:: 03018209 2 0',
    'china%1:15:00:: 08860123 1 4',
    'new_york%1:15:00:: 09119277 1 3',
    'zoom%1:04:00:: 00281400 1 0',
    'zoom%2:38:00:: 01945550 1 2',
  ].join('\n');
  it('takes single-word lemmas with a noun.location sense as places', () => {
    assert.deepEqual([...wordNetSensesOf(lines).places].sort(), ['amsterdam', 'china']);
  });
  it('sums each sense\'s tag count plus one per part of speech, in the same pass', () => {
    const { pos } = wordNetSensesOf(lines);
    assert.deepEqual(pos('zoom'), { noun: 1, verb: 3, adj: 0, adv: 0, closed: 0 });
    assert.deepEqual(pos('zooms'), pos('zoom'), 'an inflected form is tried as its lemma');
    assert.deepEqual(pos('new york'), { noun: 4, verb: 0, adj: 0, adv: 0, closed: 0 });
    assert.equal(pos('zorblax'), undefined);
  });
});
