import assert from 'node:assert/strict';
import { tokenize } from '../../../src/core/analyzer';
import { buildProductCatalog, casedTokens, resolveProducts, type ProductCatalog, type ProductDocument, type ProductText } from '../../../src/core/query/products';
import { parseSourcesManifest } from '../../../src/core/sources';
import { realIndex } from '../../helpers/engine';

const DOCS: ProductDocument[] = [
  { id: 'mtp', products: [], productNames: { names: ['Microsoft Threat Protection', 'Microsoft 365 Defender'], aliases: { en: ['MTP'] } } },
  { id: 'o365', products: [], productNames: { names: ['Office 365', 'Microsoft 365'], aliases: { en: ['O365'] } } },
  { id: 'mde', products: [], productNames: { names: ['Microsoft Defender for Endpoint', 'Defender for Endpoint'], aliases: { en: ['MDE'], nl: ['Defender voor Eindpunt'] } } },
  { id: 'other', products: [] },
];
const TEXTS: ProductText[] = [
  { docId: 'mde', heading: 'Data storage', text: 'Alerts can be sent to Azure Sentinel. You can also stream them to Azure Sentinel or to Microsoft Teams.' },
  { docId: 'mde', heading: 'Portal', text: 'Open the Microsoft Defender portal. Security teams use it. Our security teams and SOC teams read it.' },
  { docId: 'o365', heading: 'Customer Lockbox', text: 'Office 365 Advanced Threat Protection protects mail. Office 365 Advanced Threat Protection is included.' },
  { docId: 'other', heading: 'Chat', text: 'Messages in Microsoft Teams are kept. Use SharePoint to share, or SharePoint sites.' },
];

function resolve(q: string, catalog: ProductCatalog = buildProductCatalog(DOCS, TEXTS)) {
  return resolveProducts(tokenize(q), catalog, casedTokens(q));
}

describe('products', () => {
  const catalog = buildProductCatalog(DOCS, TEXTS);

  it('takes the longest name: "Microsoft 365 Defender" names MTP, not the Microsoft 365 page', () => {
    const r = resolve('Where does Microsoft 365 Defender store data?', catalog);
    assert.deepEqual([...r.named], ['mtp']);
    assert.deepEqual(r.spans, [[2, 5]]);
    assert.deepEqual([...resolve('Is Microsoft 365 encrypted?', catalog).named], ['o365']);
  });

  it('resolves aliases in either language and keeps the alias language', () => {
    assert.deepEqual([...resolve('mde retentie', catalog).named], ['mde']);
    const nl = resolve('Waar bewaart Defender voor Eindpunt gegevens?', catalog);
    assert.deepEqual([...nl.named], ['mde']);
    assert.equal(nl.matches[0].lang, 'nl');
    assert.deepEqual(nl.spans, [[2, 5]]);
  });

  it('reads a covered name written as one word', () => {
    const r = resolve('office365 lockbox', catalog);
    assert.deepEqual([...r.named], ['o365']);
    assert.deepEqual(r.spans, [[0, 1]]);
    assert.deepEqual([...resolve('DefenderForEndpoint data', catalog).named], ['mde']);
  });

  it('reads a family name that leaves a covered one for a capitalised word as another product', () => {
    const r = resolve('Where does Defender for Identity keep data?', catalog);
    assert.deepEqual([...r.named], []);
    assert.deepEqual(r.foreign, ['Defender for Identity']);
    assert.deepEqual(resolve('Is Microsoft Defender for Office 365 data kept?', catalog).foreign, ['Microsoft Defender for Office 365']);
    assert.deepEqual([...resolve('Where do Defender for Endpoints keep data?', catalog).named], [], 'a form of the name is no sibling; it stays unresolved');
    assert.deepEqual(resolve('Where do Defender for Endpoints keep data?', catalog).foreign, []);
    assert.deepEqual(resolve('where does defender for identity keep data?', catalog).foreign, [], 'only a capitalised word names a product');
  });

  it('learns foreign products from the text: a branded name no page is about', () => {
    const r = resolve('How long does Azure Sentinel keep logs?', catalog);
    assert.deepEqual(r.named.size, 0);
    assert.deepEqual(r.foreign, ['Azure Sentinel']);
    assert.deepEqual(r.matches[0].mentionedBy, ['mde']);
    assert.deepEqual(resolve('Is SharePoint data encrypted?', catalog).foreign, ['SharePoint']);
  });

  it('a name that is a common word in lower case matches only when written capitalised', () => {
    assert.deepEqual(resolve('Can security teams see my data?', catalog).matches, []);
    assert.deepEqual(resolve('Does Teams keep my chats?', catalog).foreign, ['Teams']);
    assert.deepEqual(resolve('does microsoft teams keep my chats?', catalog).foreign, ['Microsoft Teams']);
  });

  it('a capitalised name after a brand word that no page knows is foreign, even when the pages never wrote it', () => {
    const r = resolve('Does Microsoft Intune keep device data in Europe?', catalog);
    assert.deepEqual(r.foreign, ['Microsoft Intune']);
    assert.deepEqual(r.matches.map((m) => [m.start, m.end, m.source]), [[1, 3, 'question']]);
    assert.deepEqual(resolve('Where does Azure Purview Data Map store data?', catalog).foreign, ['Azure Purview Data Map']);
    // Lower case is not a name; a brand alone or before a number is not either.
    assert.deepEqual(resolve('does microsoft intune keep data?', catalog).foreign, []);
    assert.deepEqual(resolve('Does Microsoft keep data in 2 regions?', catalog).foreign, []);
    assert.deepEqual(resolve('Does Microsoft Azure keep data?', catalog).foreign, []);
    // A page's own name, or a part of one, stays that page's.
    assert.deepEqual(resolve('Does Microsoft Threat Protection keep data?', catalog).foreign, []);
    assert.deepEqual(resolve('Does Microsoft Defender keep data?', catalog).foreign, []);
    assert.deepEqual(resolve('Is Microsoft Defender For Endpoint Plan 2 encrypted?', catalog).foreign, []);
  });

  it('a name that extends or shortens a declared one is not foreign', () => {
    assert.deepEqual(resolve('office 365 advanced threat protection', catalog).foreign, []);
    assert.deepEqual(resolve('Where does Microsoft Defender keep data?', catalog).foreign, []);
  });

  it('a heading names its page like a declared name', () => {
    const r = resolve('What is Customer Lockbox?', catalog);
    assert.deepEqual([...r.named], ['o365']);
    assert.equal(r.matches[0].source, 'heading');
  });

  it("a bulk page's heading names no page next to declared pages, so a declared page that speaks of it can answer", () => {
    const texts: ProductText[] = [
      ...TEXTS,
      { docId: 'mde', heading: 'Anonymization', text: 'Reports of Cloud Discovery are anonymized.' },
      { docId: 'other', heading: 'Step 4. View the Cloud Discovery dashboard', text: 'Open the dashboard.' },
    ];
    const r = resolve('Can I see who is behind a Cloud Discovery report?', buildProductCatalog(DOCS, texts));
    assert.deepEqual([...r.named], []);
    assert.deepEqual(r.matches, []);
    // Without declared pages the headings still name their pages.
    const bare = DOCS.map((d) => ({ id: d.id, products: [] }));
    assert.deepEqual([...resolve('Can I see who is behind a Cloud Discovery report?', buildProductCatalog(bare, texts)).named], ['other']);
  });

  it('is plain data: a JSON round trip resolves the same, and odd tokens do not reach the prototype', () => {
    const copy = JSON.parse(JSON.stringify(catalog)) as ProductCatalog;
    assert.deepEqual(resolve('Microsoft 365 Defender and Azure Sentinel', copy), resolve('Microsoft 365 Defender and Azure Sentinel', catalog));
    assert.deepEqual(resolveProducts(['constructor', '__proto__', 'tostring'], copy).matches, []);
  });

  it('the real content names pages by their declared aliases', () => {
    const { index } = realIndex();
    const real = buildProductCatalog(index.documents, index.passages);
    assert.deepEqual([...resolve('Where does MDATP store data?', real).named], ['mde-data-storage-privacy']);
    assert.deepEqual([...resolve('Microsoft 365 Defender retention', real).named], ['mtp-data-privacy']);
    assert.deepEqual([...resolve('mcas retentie', real).named], ['mcas-data-security-privacy']);
    assert.deepEqual([...resolve('Defender for Cloud Apps data location', real).named], ['mcas-data-security-privacy']);
    assert.deepEqual(resolve('Hoe lang bewaart Azure Sentinel logs?', real).foreign, ['Azure Sentinel']);
    assert.deepEqual([...resolve('Wat is Advanced eDiscovery?', real).named], ['o365-privacy-security-transparency']);
  });
});

describe('sources manifest: products', () => {
  const manifest = (products: unknown) => JSON.stringify({ sources: [{ id: 'p', products, files: ['a.md'], url: { en: 'https://x' } }] });

  it('accepts the plain list and the names/aliases form', () => {
    const plain = parseSourcesManifest(manifest(['MCAS', 'Cloud App Security']));
    assert.deepEqual(plain.sources[0].kind === 'file' && plain.sources[0].products, ['MCAS', 'Cloud App Security']);
    const rich = parseSourcesManifest(manifest({ names: ['Defender for Endpoint'], aliases: { en: ['MDE'], nl: ['Defender voor Eindpunt', 'MDE'] } }));
    const s = rich.sources[0];
    assert.ok(s.kind === 'file');
    assert.deepEqual(s.products, ['Defender for Endpoint', 'MDE', 'Defender voor Eindpunt']);
    assert.deepEqual(s.productNames?.aliases.nl, ['Defender voor Eindpunt', 'MDE']);
  });

  it('names the bad field', () => {
    assert.throws(() => parseSourcesManifest(manifest({ names: ['x'], aliases: { de: ['y'] } })), /aliases\.de/);
    assert.throws(() => parseSourcesManifest(manifest({ name: ['x'] })), /products\.name/);
    assert.throws(() => parseSourcesManifest(manifest({ names: [] })), /at least one name/);
    assert.throws(() => parseSourcesManifest(manifest('MCAS')), /products/);
  });
});
