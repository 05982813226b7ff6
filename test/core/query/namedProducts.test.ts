import { strict as assert } from 'node:assert';
import { tokenize } from '../../../src/core/analyzer';
import { mergeProducts, namedProducts } from '../../../src/core/query/namedProducts';
import type { ProductResolution } from '../../../src/core/query/products';
import { resourcesOf } from '../../../src/core/query/resources';
import { tinyIndex } from '../../helpers/tinyCorpus';

const index = tinyIndex([
  { id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'loc', 'Data location', 'Customer data is stored in the EU.']] },
  { id: 'beta', products: ['Beta Shield'], sections: [['en', 'loc', 'Data location', 'Beta Shield stores customer data in the US.']] },
]);
const named = (text: string) => namedProducts(text, tokenize(text), index, resourcesOf(index).typos, () => false);
const resolution = (named: string[] = []): ProductResolution => ({ named: new Set(named), foreign: [], spans: [], matches: [] });

describe('query/namedProducts: the products a piece of the question names', () => {
  it('finds the products a text names, with their token positions, and reads a mistyped name word as the name\'s', () => {
    const found = named('It is about Beta Shield.');
    assert.deepEqual([...found.named], ['beta']);
    assert.deepEqual([...found.inProduct], [3, 4]);
    assert.deepEqual([...named('Where does Beta Sheild store data?').named], ['beta']);
  });

  it('gives their pages to a question that names none, never over the pages the question names', () => {
    const after = named('It is about Beta Shield.');
    const none = resolution();
    mergeProducts(none, after);
    assert.deepEqual([...none.named], ['beta']);
    const own = resolution(['alpha']);
    mergeProducts(own, after);
    assert.deepEqual([...own.named], ['alpha']);
    assert.equal(own.matches.length, after.matches.length);
  });
});
