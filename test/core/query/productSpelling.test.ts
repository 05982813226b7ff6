import { strict as assert } from 'node:assert';
import { tokenize } from '../../../src/core/analyzer';
import { productSpellings } from '../../../src/core/query/productSpelling';
import { resolveProducts } from '../../../src/core/query/products';
import { resourcesOf } from '../../../src/core/query/resources';
import { tinyIndex } from '../../helpers/tinyCorpus';

const index = tinyIndex([
  { id: 'gamma', products: ['Cloud Gamma Vault'], sections: [['en', 'ret', 'Retention', 'Cloud Gamma Vault keeps logs.']] },
  { id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'loc', 'Data location', 'Alpha Guard stores data in Europe.']] },
  { id: 'beta', products: ['Beta Shield'], sections: [['en', 'loc', 'Data location', 'Beta Shield stores data in the United States.']] },
]);
const known = (w: string) => ['where', 'is', 'data', 'stored', 'guards', 'clod', 'retention'].includes(w);
const spell = (q: string) => productSpellings(tokenize(q), index.products, resourcesOf(index).typos, known);

describe('productSpellings', () => {
  it('reads a mistyped word of a covered product name as the name word, so the product resolves', () => {
    const tokens = spell('where is alpha gaurd data stored');
    assert.deepEqual(tokens, ['where', 'is', 'alpha', 'guard', 'data', 'stored']);
    assert.deepEqual([...resolveProducts(tokens, index.products).named], ['alpha']);
    assert.deepEqual([...resolveProducts(tokenize('where is alpha gaurd data stored'), index.products).named], [], 'without it the name is not found');
  });

  it('leaves a real word, and a word whose correction is no product word, as written', () => {
    assert.deepEqual(spell('alpha guards data'), ['alpha', 'guards', 'data']);
    assert.deepEqual(spell('where is dta stored'), ['where', 'is', 'dta', 'stored']);
  });

  it('reads a real word in a name\'s place as the name word only where the rest of a 3-word name stands around it', () => {
    assert.deepEqual(spell('clod gamma vault retention'), ['cloud', 'gamma', 'vault', 'retention']);
    assert.deepEqual(spell('clod gamma retention'), ['clod', 'gamma', 'retention'], 'not with part of the name');
    assert.deepEqual(spell('clod retention'), ['clod', 'retention']);
  });
});
