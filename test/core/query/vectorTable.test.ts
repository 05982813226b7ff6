import { strict as assert } from 'node:assert';
import { refPosition, vectorAt, vectorTable } from '../../../src/core/query/vectorTable';
import { builtAndReloaded, rawLunr } from '../../helpers/rawLunr';

type Internals = {
  fields: string[];
  invertedIndex: Record<string, Record<string, Record<string, unknown> | number>>;
  fieldVectors: Record<string, { elements: number[] }>;
};

describe('vectorTable', () => {
  const indexes = builtAndReloaded();
  const built = indexes[0][1];

  for (const [name, index] of indexes) {
    it(`holds every field vector of a ${name} index at its passage position`, () => {
      for (const li of Object.values(index.langs)) {
        const l = li!.lunr as unknown as Internals;
        const table = vectorTable(li!.lunr);
        for (const [key, vector] of Object.entries(l.fieldVectors)) {
          const [field, ref] = key.split('/');
          assert.equal(vectorAt(table, field, Number(ref)), vector.elements);
        }
      }
    });
  }

  it('is built once per lunr index', () => {
    const lunrIndex = built.langs.en!.lunr;
    assert.equal(vectorTable(lunrIndex), vectorTable(lunrIndex));
  });

  it('leaves out refs that are not canonical positions, or far beyond the number of vectors', () => {
    const index = rawLunr([
      { ref: '0', heading: 'a', body: 'b' },
      { ref: '012', heading: 'c', body: 'd' },
      { ref: 'x', heading: 'e', body: 'f' },
      { ref: '99999999', heading: 'g', body: 'h' },
    ]);
    const table = vectorTable(index);
    assert.ok(vectorAt(table, 'heading', 0));
    assert.equal(vectorAt(table, 'heading', 12), undefined);
    assert.equal(vectorAt(table, 'heading', 99999999), undefined);
    assert.equal(vectorAt(table, 'heading', -1), undefined);
    assert.equal(vectorAt(table, 'title', 0), undefined);
  });
});

describe('refPosition', () => {
  it('reads canonical non-negative integers and nothing else', () => {
    assert.equal(refPosition('0'), 0);
    assert.equal(refPosition('7'), 7);
    assert.equal(refPosition('29443'), 29443);
    for (const ref of ['', '012', '00', '-1', '+1', '1e3', '1.5', ' 1', '1 ', 'x', '0x1', '1234567890123456']) assert.equal(refPosition(ref), -1, ref);
  });
});
