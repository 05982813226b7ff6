import assert from 'node:assert/strict';
import { tokenize } from '../../../src/core/analyzer';
import { buildProductCatalog, casedTokens } from '../../../src/core/query/products';
import { siblingName } from '../../../src/core/query/siblingName';

const catalog = buildProductCatalog(
  [
    { id: 'mde', products: [], productNames: { names: ['Defender for Endpoint'], aliases: {} } },
    { id: 'mdca', products: [], productNames: { names: ['Defender for Cloud Apps'], aliases: {} } },
  ],
  [],
);
const at = (q: string, i: number) => siblingName(tokenize(q), casedTokens(q), i, catalog);

describe('siblingName', () => {
  it('names the product that leaves a covered name after two shared words, running on over capitals and numbers', () => {
    assert.deepEqual(at('Is Defender for Identity safe?', 1), { end: 4, name: 'Defender for Identity' });
    assert.deepEqual(at('Is Defender for Office 365 safe?', 1), { end: 5, name: 'Defender for Office 365' });
  });

  it('is no sibling where a covered name goes on that way, for a form of the next word, in lower case, or after one shared word', () => {
    assert.equal(at('Is Defender for Cloud Apps safe?', 1), undefined);
    assert.equal(at('Is Defender for Endpoints safe?', 1), undefined);
    assert.equal(at('Is Defender for identity safe?', 1), undefined);
    assert.equal(at('Is Defender Identity safe?', 1), undefined);
    assert.equal(at('Is Defender for Endpoint safe?', 1), undefined, 'the covered name itself');
  });
});
