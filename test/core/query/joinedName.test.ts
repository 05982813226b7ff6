import assert from 'node:assert/strict';
import { joinedName } from '../../../src/core/query/joinedName';
import { buildProductCatalog } from '../../../src/core/query/products';

const catalog = buildProductCatalog(
  [
    { id: 'o365', products: [], productNames: { names: ['Office 365'], aliases: { en: ['O365'] } } },
    { id: 'mcas', products: [], productNames: { names: ['Cloud App Security'], aliases: {} } },
  ],
  [],
);

describe('joinedName', () => {
  it('finds a covered name of several words written as one', () => {
    assert.equal(joinedName('office365', catalog)?.docIds[0], 'o365');
    assert.equal(joinedName('cloudappsecurity', catalog)?.docIds[0], 'mcas');
  });

  it('ignores single-word names, short joins and unknown words', () => {
    assert.equal(joinedName('o365', catalog), undefined);
    assert.equal(joinedName('office', catalog), undefined);
    assert.equal(joinedName('cloudapp', catalog), undefined);
  });
});
