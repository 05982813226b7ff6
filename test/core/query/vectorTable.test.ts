import { strict as assert } from 'node:assert';
import lunr from 'lunr';
import { refPosition, vectorAt, vectorTable } from '../../../src/core/query/vectorTable';
import { deserializeIndex, serializeIndex } from '../../../src/core/searchIndex';
import { tinyIndex } from '../../helpers/tinyCorpus';

type Internals = {
  fields: string[];
  invertedIndex: Record<string, Record<string, Record<string, unknown> | number>>;
  fieldVectors: Record<string, { elements: number[] }>;
};

/** lunr over refs as given (our indexes use passage positions; these test the odd ones too). */
function lunrOver(docs: { ref: string; heading: string; body: string }[]): lunr.Index {
  return lunr(function () {
    this.ref('ref');
    this.field('heading');
    this.field('body');
    this.pipeline.reset();
    this.searchPipeline.reset();
    docs.forEach((d) => this.add(d));
  });
}

describe('vectorTable', () => {
  const built = tinyIndex([
    {
      id: 'alpha',
      sections: [
        ['en', 'location', 'Data location', 'Customer data is stored in datacenters in the European Union.'],
        ['nl', 'location', 'Gegevenslocatie', 'Klantgegevens worden opgeslagen in datacenters in de Europese Unie.'],
        ['en', 'retention', 'Data retention', 'Alerts are kept for 180 days; data data data.'],
      ],
    },
  ]);

  for (const [name, index] of [['built', built], ['saved and loaded', deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(built))))]] as const) {
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
    const index = lunrOver([
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
