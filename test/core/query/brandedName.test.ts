import assert from 'node:assert/strict';
import { tokenize } from '../../../src/core/analyzer';
import { brandedName, startsWith } from '../../../src/core/query/brandedName';
import { buildProductCatalog, casedTokens } from '../../../src/core/query/products';

describe('brandedName', () => {
  const catalog = buildProductCatalog([{ id: 'mde', products: [], productNames: { names: ['Microsoft Defender for Endpoint'], aliases: {} } }], []);
  const at = (q: string, i: number, max = 4) => brandedName(tokenize(q), casedTokens(q), i, catalog, max);

  it('takes the capitalised words after a brand, up to the first lower-case word or the word limit', () => {
    assert.deepEqual(at('Does Microsoft Intune keep data?', 1), { end: 3, name: 'Microsoft Intune' });
    assert.deepEqual(at('Is Azure Purview Data Map Scanner Tool safe?', 1, 3), { end: 5, name: 'Azure Purview Data Map' });
    assert.equal(at('Does Microsoft Intune keep data?', 0), undefined, 'no brand at that position');
  });

  it('is not a name without case, after a bare brand, before another brand, or when it is part of a page name', () => {
    assert.equal(at('does microsoft intune keep data?', 1), undefined);
    assert.equal(at('Does Microsoft keep data?', 1), undefined);
    assert.equal(at('Does Microsoft Azure keep data?', 1), undefined);
    assert.equal(at('Does Microsoft Defender keep data?', 1), undefined);
    assert.equal(brandedName(tokenize('Microsoft Intune'), undefined, 0, catalog, 4), undefined, 'no cased tokens: no evidence of a name');
  });

  it('reads each catalogue\'s own brand words, however calls on two catalogues interleave', () => {
    // Only "Microsoft" is a brand here, so "Azure" may be part of a name.
    const microsoftOnly = buildProductCatalog([], [], { brands: ['Microsoft'] });
    const q = 'Does Microsoft Azure Sentinel keep data?';
    const withBoth = () => brandedName(tokenize(q), casedTokens(q), 1, catalog, 4);
    const withOne = () => brandedName(tokenize(q), casedTokens(q), 1, microsoftOnly, 4);
    assert.equal(withBoth(), undefined, 'Azure is a brand word of the default catalogue');
    assert.deepEqual(withOne(), { end: 4, name: 'Microsoft Azure Sentinel' });
    assert.equal(withBoth(), undefined);
    assert.deepEqual(withOne(), { end: 4, name: 'Microsoft Azure Sentinel' });
  });

  it('startsWith compares token prefixes', () => {
    assert.ok(startsWith(['a', 'b', 'c'], ['a', 'b']));
    assert.ok(!startsWith(['a'], ['a', 'b']));
    assert.ok(startsWith(['a'], []));
  });
});
