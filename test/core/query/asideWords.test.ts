import { strict as assert } from 'node:assert';
import { asideWords } from '../../../src/core/query/asideWords';

const domain = new Set(['data', 'stored', 'alerts', 'kept']);
const isDomain = (w: string) => domain.has(w);
const isStop = (w: string) => ['is', 'are', 'how', 'long', 'a', 'if', 'this', 'but'].includes(w);
const tokens = (s: string) => s.split(/[^a-z0-9]+/i).filter(Boolean).length;
const asides = (s: string, d: (w: string, i: number) => boolean = isDomain) => [...asideWords(s, tokens(s), d, isStop)].sort();

describe('asideWords', () => {
  it('takes the words of clauses without a known word, next to a clause with one', () => {
    assert.deepEqual(asides('hi there, is data stored?'), ['hi', 'there']);
    assert.deepEqual(asides('sorry if this is a dumb one, but how long are alerts kept?'), ['dumb', 'one', 'sorry']);
    assert.deepEqual(asides('thanks in advance - how long are alerts kept'), ['advance', 'in', 'thanks']);
  });
  it('demotes nothing when no clause asks, or when there is one clause only', () => {
    assert.deepEqual(asides('morning all, good night'), []);
    assert.deepEqual(asides('where is data stored for my morning run'), []);
  });
  it('keeps a word that the asking clause also uses', () => {
    assert.deepEqual(asides('quick one, is data stored in one place?'), ['quick']);
  });
  it('a product counts as a known word: its clause is not an aside', () => {
    const s = 'Alpha Guard, is data stored?';
    assert.deepEqual(asides(s, (w, i) => i < 2 || isDomain(w)), []);
  });
  it('a dash inside a word is no clause break', () => {
    assert.deepEqual(asides('is data stored in EU-datacenters'), []);
  });
});
