import { strict as assert } from 'node:assert';
import type lunr from 'lunr';
import { scorePlainTerms } from '../../../src/core/query/lunrScore';
import { rawLunr } from '../../helpers/rawLunr';

/** A tiny two-field index with repeated words, so scores differ and some tie. */
function tinyIndex(): lunr.Index {
  const docs = [
    { ref: '0', heading: 'data storage location', body: 'customer data is stored in the region of the tenant' },
    { ref: '1', heading: 'retention', body: 'data is kept for ninety days then deleted data data' },
    { ref: '2', heading: 'encryption', body: 'data at rest is encrypted with keys' },
    { ref: '3', heading: 'data retention period', body: 'logs are retained' },
    { ref: '4', heading: 'unrelated', body: 'nothing here about it' },
    { ref: '5', heading: 'encryption', body: 'data at rest is encrypted with keys' },
  ];
  return rawLunr(docs);
}

function viaLunr(index: lunr.Index, terms: { term: string; boost: number; fields?: string[] }[]) {
  return index
    .query((q) => terms.forEach((t) => q.term(t.term, t.fields ? { usePipeline: false, boost: t.boost, fields: t.fields } : { usePipeline: false, boost: t.boost })))
    .map((r) => ({ ref: r.ref, score: r.score }));
}

describe('scorePlainTerms', () => {
  const index = tinyIndex();
  const cases: { term: string; boost: number; fields?: string[] }[][] = [
    [{ term: 'data', boost: 1 }],
    [{ term: 'data', boost: 2 }, { term: 'retention', boost: 0.5 }],
    [{ term: 'retention', boost: 1, fields: ['heading'] }, { term: 'data', boost: 1.5, fields: ['heading'] }],
    [{ term: 'encrypted', boost: 1 }, { term: 'unknownword', boost: 3 }, { term: 'keys', boost: 0.7 }],
    [{ term: 'constructor', boost: 1 }],
    [{ term: 'dat*', boost: 1 }],
    [],
  ];
  cases.forEach((terms, i) => {
    it(`gives lunr's refs, scores and tie order (case ${i})`, () => {
      assert.deepEqual(scorePlainTerms(index, terms), viaLunr(index, terms));
    });
  });

  it('matches lunr with refs added out of order, a repeated term, and refs that are not positions', () => {
    const shuffled = rawLunr([
      { ref: '12', heading: 'data', body: 'data kept here' },
      { ref: '3', heading: 'retention', body: 'data retention data' },
      { ref: '7', heading: 'data data', body: 'kept' },
    ]);
    const terms = [{ term: 'data', boost: 1 }, { term: 'kept', boost: 0.5 }, { term: 'data', boost: 2 }];
    assert.deepEqual(scorePlainTerms(shuffled, terms), viaLunr(shuffled, terms));
    const named = rawLunr([
      { ref: 'a', heading: 'data', body: 'data kept' },
      { ref: '01', heading: 'kept', body: 'data' },
    ]);
    assert.deepEqual(scorePlainTerms(named, terms), viaLunr(named, terms));
  });

  it('finds nothing for terms the index does not know', () => {
    assert.deepEqual(scorePlainTerms(index, [{ term: 'absent', boost: 1 }]), []);
  });
});
