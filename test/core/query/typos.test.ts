import assert from 'node:assert/strict';
import { tokenize } from '../../../src/core/analyzer';
import { loadHunspell } from '../../../src/core/query/dictionaries';
import { buildTypoIndex, buildTypoIndexInSteps, correctTokens, correctWord, damerau, maxDistance, packTypoIndex, unpackTypoIndex, type TypoContext } from '../../../src/core/query/typos';
import { realIndex } from '../../helpers/engine';

const VOCAB: [string, number][] = ['opgeslagen', 'bewaartermijn', 'protection', 'store', 'stores', 'storage', 'defender', 'mcas', 'data', 'retention', 'gegevens', 'encrypted', 'mde']
  .map((w, i) => [w, 10 + i]);
const index = buildTypoIndex(VOCAB);
const vocab = new Set(VOCAB.map(([w]) => w));
const noDictionary: TypoContext = { known: (w) => vocab.has(w), isWord: () => false };
const targets = (w: string) => correctWord(w, index).map((c) => `${c.target}/${c.distance}`);

describe('typos', () => {
  it('allows edits by length: none up to 3 letters, one up to 7, two from 8', () => {
    assert.deepEqual([3, 4, 7, 8, 12].map((n) => maxDistance(n)), [0, 1, 1, 2, 2]);
  });

  it('measures Damerau distance, a swap counting one, and stops early past the bound', () => {
    assert.equal(damerau('mcsa', 'mcas', 2), 1);
    assert.equal(damerau('kitten', 'sitting', 3), 3);
    assert.equal(damerau('kitten', 'sitting', 1), 2);
    assert.equal(damerau('abc', 'abc', 0), 0);
  });

  it('corrects within the distance, product names and swaps too', () => {
    assert.deepEqual(targets('opgeslagn'), ['opgeslagen/1']);
    assert.deepEqual(targets('protecton'), ['protection/1']);
    assert.deepEqual(targets('defnder'), ['defender/1']);
    assert.deepEqual(targets('mcsa'), ['mcas/1']);
    assert.deepEqual(targets('encrytped'), ['encrypted/1']);
    assert.deepEqual(targets('bewaartremjin'), ['bewaartermijn/2']);
  });

  it('does not correct short words, far words, or words it knows', () => {
    assert.deepEqual(targets('mdr'), []);
    assert.deepEqual(targets('sotrg'), []);
    assert.deepEqual(targets('data'), []);
    assert.deepEqual(targets('protecxyzn'), []);
  });

  it('weights a correction by its distance', () => {
    const [c] = correctWord('bewaartremjin', index);
    assert.equal(c.weight, 1 - 2 * 0.3);
  });

  it('never corrects a real word: "stored" stays when a dictionary knows it', () => {
    assert.deepEqual(correctTokens(['stored'], index, noDictionary)[0]?.corrections.map((c) => c.target).sort(), ['store', 'stores']);
    assert.deepEqual(correctTokens(['stored', 'data'], index, { ...noDictionary, isWord: (w) => w === 'stored' }), []);
  });

  it('joins two neighbours written apart: "bewaart ermijn"', () => {
    const out = correctTokens(tokenize('wat is de bewaart ermijn'), index, { ...noDictionary, known: (w) => vocab.has(w) || ['wat', 'is', 'de', 'bewaart'].includes(w) });
    assert.deepEqual(out.map((t) => [t.start, t.end, t.corrections[0].target]), [[3, 5, 'bewaartermijn']]);
  });

  it('leaves skipped tokens alone', () => {
    assert.deepEqual(correctTokens(['defnder'], index, { ...noDictionary, skip: () => true }), []);
  });

  describe('on the real index and dictionary', function () {
    this.timeout(120_000);
    it('corrects question typos to the pages\' words and keeps real English words', () => {
      const { index: real } = realIndex();
      const words: [string, number][] = [];
      for (const li of Object.values(real.langs)) for (const w of li?.words ?? []) words.push([w, 1]);
      const typo = buildTypoIndex(words);
      const known = (w: string) => Object.values(real.langs).some((li) => li?.words.has(w));
      const en = loadHunspell('en');
      const ctx: TypoContext = { known, isWord: (w) => en.isWord(w) };
      const fix = (q: string) => correctTokens(tokenize(q), typo, ctx).map((t) => `${t.word}>${t.corrections[0].target}`);
      assert.deepEqual(fix('waar worden gegevens opgeslagn'), ['opgeslagn>opgeslagen']);
      assert.deepEqual(fix('is my data protecton'), ['protecton>protection']);
      assert.deepEqual(fix('where is it stored nowadays'), []);
    });
  });

  it('builds the same index in steps, pausing after every chunk of words', async () => {
    const words: [string, number][] = ['retention', 'location', 'encryption', 'datacenter', 'lockbox', 'tenant', 'customer'].map((w) => [w, 1]);
    let pauses = 0;
    const stepped = await buildTypoIndexInSteps(words, async () => void pauses++, {}, 3);
    assert.deepEqual(stepped, buildTypoIndex(words));
    assert.equal(pauses, 2, 'seven words in chunks of three');
  });

  it('packs for the index worker and unpacks to an equal typo index (an empty one too)', () => {
    const packed = packTypoIndex(index);
    assert.equal(typeof packed.words, 'string');
    assert.deepEqual(unpackTypoIndex(structuredClone(packed)), index);
    const empty = buildTypoIndex([]);
    assert.deepEqual(unpackTypoIndex(packTypoIndex(empty)), empty);
  });
});
