import { strict as assert } from 'node:assert';
import { termTable, type FieldTerms } from '../../../src/core/query/termTable';
import { builtAndReloaded, rawLunr } from '../../helpers/rawLunr';

type Postings = Record<string, Record<string, Record<string, unknown> | number>>;

/** The term indexes the table holds for one position. */
const termsAt = (f: FieldTerms, position: number) => [...f.terms.subarray(f.offsets[position], f.offsets[position + 1])];

describe('termTable', () => {
  const indexes = builtAndReloaded();
  const built = indexes[0][1];

  for (const [name, index] of indexes) {
    it(`holds, ascending, exactly the terms the postings of a ${name} index give each passage and field`, () => {
      for (const li of Object.values(index.langs)) {
        const inverted = (li!.lunr as unknown as { invertedIndex: Postings }).invertedIndex;
        const table = termTable(li!.lunr);
        for (const field of ['heading', 'body']) {
          const f = table.get(field)!;
          for (let position = 0; position < f.missing.length; position++) {
            if (f.missing[position]) continue;
            const expected = Object.values(inverted)
              .filter((posting) => String(position) in (posting[field] as object))
              .map((posting) => posting._index as number)
              .sort((a, b) => a - b);
            assert.deepEqual(termsAt(f, position), expected, `${field} ${position}`);
          }
        }
        // Every passage of this language has its vectors.
        const present = [...table.get('body')!.missing].filter((m) => m === 0).length;
        assert.equal(present, li!.passages);
      }
    });
  }

  it('is built once per lunr index', () => {
    const lunrIndex = built.langs.en!.lunr;
    assert.equal(termTable(lunrIndex), termTable(lunrIndex));
  });

  it('marks positions without a vector as missing (refs that are not positions)', () => {
    const index = rawLunr([{ ref: '0', heading: 'a', body: 'b' }, { ref: '2', heading: 'c', body: 'd' }, { ref: 'x', heading: 'e', body: 'f' }]);
    const heading = termTable(index).get('heading')!;
    assert.deepEqual([...heading.missing], [0, 1, 0]);
    assert.deepEqual(termsAt(heading, 1), []);
    assert.equal(termsAt(heading, 0).length, 1);
  });
});
