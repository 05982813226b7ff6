import { strict as assert } from 'node:assert';
import lunr from 'lunr';
import { compactLunr, compactLunrSteps } from '../../src/core/compactIndex';
import { runStepsPausing, type Steps } from '../../src/core/steps';

const build = () =>
  lunr(function () {
    this.ref('id');
    this.field('heading');
    this.field('body');
    this.add({ id: '0', heading: 'Data location', body: 'Customer data is stored in datacenters in the European Union.' });
    this.add({ id: '1', heading: 'Data retention', body: 'Alerts are kept for 180 days and activity logs for one year.' });
    this.add({ id: '2', heading: 'Encryption', body: 'Customer data is encrypted at rest and in transit.' });
  });

/** The index the steps make, and how often they paused. */
const run = async (steps: Steps<lunr.Index>): Promise<{ index: lunr.Index; yields: number }> => {
  let yields = 0;
  const index = await runStepsPausing(steps, async () => void yields++);
  return { index, yields };
};

describe('compactIndex', () => {
  it('loads the compact form in steps to the index lunr.Index.load gives, yielding after every chunk', async () => {
    const compact = compactLunr(build());
    const { index, yields } = await run(compactLunrSteps(compact, 2));
    const loaded = lunr.Index.load(compact);
    assert.deepEqual(index.toJSON(), loaded.toJSON());
    for (const q of ['customer data', 'retention', 'encrypt*', 'body:alerts', 'zorblax']) assert.deepEqual(index.search(q), loaded.search(q), q);
    // 3 field vectors per field (6) and the terms, two at a time.
    assert.equal(yields, Math.floor(compact.fieldVectors.length / 2) + Math.floor(compact.invertedIndex.length / 2));
  });
  it('does not yield with an unbounded chunk', async () => {
    assert.equal((await run(compactLunrSteps(compactLunr(build()), Infinity))).yields, 0);
  });
});
