import { strict as assert } from 'node:assert';
import { afterProducts, mergeProducts } from '../../../src/core/query/afterProducts';
import type { ProductResolution } from '../../../src/core/query/products';
import { resourcesOf } from '../../../src/core/query/resources';
import { tinyIndex } from '../../helpers/tinyCorpus';

const index = tinyIndex([
  { id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'loc', 'Data location', 'Customer data is stored in the EU.']] },
  { id: 'beta', products: ['Beta Shield'], sections: [['en', 'loc', 'Data location', 'Beta Shield stores customer data in the US.']] },
]);
const resolution = (named: string[] = []): ProductResolution => ({ named: new Set(named), foreign: [], spans: [], matches: [] });

describe('query/afterProducts: products named after the question', () => {
  it('finds the products of the words after a question, with their token positions', () => {
    const found = afterProducts('It is about Beta Shield.', index, resourcesOf(index).typos, () => false, () => false);
    assert.deepEqual([...found.named], ['beta']);
    assert.deepEqual([...found.inProduct], [3, 4]);
  });

  it('gives their pages to a question that names none, never over the pages the question names', () => {
    const after = afterProducts('It is about Beta Shield.', index, resourcesOf(index).typos, () => false, () => false);
    const none = resolution();
    mergeProducts(none, after);
    assert.deepEqual([...none.named], ['beta']);
    const own = resolution(['alpha']);
    mergeProducts(own, after);
    assert.deepEqual([...own.named], ['alpha']);
    assert.equal(own.matches.length, after.matches.length);
  });
});
