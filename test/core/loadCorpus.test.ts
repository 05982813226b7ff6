import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../../src/core/loadCorpus';
import { parsePage, splitFrontMatter } from '../../src/core/parsePage';
import { repairMojibake } from '../../src/core/mojibake';
import { splitSideBySide } from '../../src/core/sxs';
import { CONTENT, realIndex } from '../helpers/engine';

const doc = (id: string) => {
  const d = realIndex().corpus.documents.find((x) => x.id === id);
  assert.ok(d, `document ${id} loaded`);
  return d;
};

describe('loadCorpus on the real content', () => {
  it('loads all four pages without problems', () => {
    const { corpus } = realIndex();
    assert.deepEqual(corpus.problems, []);
    assert.deepEqual(corpus.documents.map((d) => d.id).sort(), [
      'mcas-data-security-privacy', 'mde-data-storage-privacy', 'mtp-data-privacy', 'o365-privacy-security-transparency',
    ]);
    assert.ok(corpus.glossary.length > 20);
  });

  it('aligns side-by-side sentences: every Dutch passage has an English twin with the same anchor and ordinal', () => {
    const mde = doc('mde-data-storage-privacy');
    const nl = mde.passages.filter((p) => p.lang === 'nl');
    const en = mde.passages.filter((p) => p.lang === 'en');
    assert.equal(nl.length, en.length);
    assert.deepEqual(nl.map((p) => p.id), en.map((p) => p.id));
    const nlLoc = nl.find((p) => p.anchor === 'data-storage-location' && p.ordinal === 2);
    const enLoc = en.find((p) => p.anchor === 'data-storage-location' && p.ordinal === 2);
    assert.match(nlLoc?.text ?? '', /locatie waarop uw gegevens zijn opgeslagen niet wijzigen/);
    assert.match(enLoc?.text ?? '', /cannot change the location where your data is stored/);
    assert.ok(nl.every((p) => p.aligned));
  });

  it('keeps only English from the Japanese side-by-side page', () => {
    const o365 = doc('o365-privacy-security-transparency');
    assert.ok(o365.passages.length > 5);
    assert.ok(o365.passages.every((p) => p.lang === 'en'));
    assert.ok(o365.passages.every((p) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(p.text)), 'no Japanese text');
    assert.ok(o365.passages.some((p) => p.anchor === 'customer-lockbox'));
  });

  it('repairs the Mac Roman mojibake of the privacy doc', () => {
    const text = doc('mtp-data-privacy').passages.map((p) => p.text).join('\n');
    assert.match(text, /geïdentificeerd/);
    assert.doesNotMatch(text, /√/);
    assert.equal(repairMojibake('ge√Ødentificeerd'), 'geïdentificeerd');
    assert.equal(repairMojibake('cafÃ©'), 'café');
    assert.equal(repairMojibake('√2 ≈ 1.41'), '√2 ≈ 1.41');
  });

  it('reads the CRLF Dutch MCAS file and keeps its own (older) sections', () => {
    const raw = readFileSync(join(CONTENT, 'mcas-data-security-privacy.nl-NL.md'), 'utf8');
    assert.ok(raw.includes('\r\n'), 'fixture really has CRLF');
    const mcas = doc('mcas-data-security-privacy');
    const nl = mcas.passages.filter((p) => p.lang === 'nl');
    assert.ok(nl.every((p) => !p.text.includes('\r')));
    assert.ok(nl.some((p) => p.anchor === 'do-not-track'), 'section only in the 2018 revision');
    assert.ok(!nl.some((p) => p.anchor === 'exporting-personal-data'));
    assert.ok(mcas.passages.some((p) => p.lang === 'en' && p.anchor === 'exporting-personal-data'));
  });

  it('does not take YAML comment lines for headings, and slugs headings without anchors', () => {
    const en = doc('mcas-data-security-privacy').passages.filter((p) => p.lang === 'en');
    assert.ok(!en.some((p) => /metadata/i.test(p.heading)));
    assert.ok(en.some((p) => p.anchor === 'youre-the-owner-of-your-data'));
    assert.equal(doc('mcas-data-security-privacy').title.en, 'Microsoft Cloud App Security data security and privacy');
  });

  it('keeps table cell text and drops images, call-out markers and unresolved includes', () => {
    const en = doc('mcas-data-security-privacy').passages.filter((p) => p.lang === 'en').map((p) => p.text).join('\n');
    assert.match(en, /ISO\/IEC 27001 — Microsoft is certified/);
    assert.doesNotMatch(en, /!\[|media\/|\[!NOTE\]|\[!INCLUDE/);
    const mde = doc('mde-data-storage-privacy').passages.map((p) => p.text).join('\n');
    assert.doesNotMatch(mde, /\[!NOTE\]|\[!INCLUDE|<span|<br/);
  });

  it('leaves navigation out: link-only lists and the lead-in that only introduces them', () => {
    const mtp = doc('mtp-data-privacy').passages.map((p) => p.text).join('\n');
    assert.doesNotMatch(mtp, /For more information on the data storage and privacy information of the specific products see/);
    assert.doesNotMatch(mtp, /Microsoft Defender ATP data storage and privacy/);
    assert.match(mtp, /operates in Microsoft Azure data centers/);
    const nextSteps = doc('mcas-data-security-privacy').passages.filter((p) => p.anchor === 'next-steps').map((p) => p.text);
    assert.deepEqual(nextSteps, ['Get a free trial of Cloud App Security, and see how it meets your business challenges.'], 'the link buttons are gone, the sentence stays');
  });

  it('resolves an include that exists inside the content folder and refuses one outside it', () => {
    const page = '---\nms.contentlocale: en-US\n---\n# T\n\n[!INCLUDE [x](inc.md)]\n\n[!INCLUDE [y](../../../../etc/hostname)]\n';
    const parsed = parsePage(page, 'en', (t) => (t === 'inc.md' ? '---\ntitle: i\n---\nIncluded text here.' : undefined));
    assert.deepEqual(parsed.sides[0].passages.map((p) => p.text), ['Included text here.']);
  });

  it('splits sxs spans by id and reports mismatched ids', () => {
    const s = splitSideBySide('<span data-ttu-id="a-1">Hallo</span><span class="sxs-lookup"><span data-stu-id="a-2">Hello</span></span>');
    assert.equal(s.translated, 'Hallo');
    assert.equal(s.source, 'Hello');
    assert.equal(s.misaligned, 1);
  });

  it('rejects invalid front matter with a clear message', () => {
    assert.throws(() => splitFrontMatter('---\ntitle: [unclosed\n---\n# x'), /invalid YAML front matter/);
  });

  it('reports a corrupt file by name and still loads the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-content-'));
    cpSync(CONTENT, dir, { recursive: true });
    writeFileSync(join(dir, 'mtp-data-privacy.nl-NL.sxs.md'), Buffer.from([0, 1, 2, 255, 0, 7]));
    writeFileSync(join(dir, 'mcas-data-security-privacy.nl-NL.md'), '---\ntitle: [broken\n---\n# x\n');
    const corpus = loadCorpus([dir]);
    const files = corpus.problems.map((p) => p.file).join(' ');
    assert.match(files, /mtp-data-privacy\.nl-NL\.sxs\.md/);
    assert.match(files, /mcas-data-security-privacy\.nl-NL\.md/);
    assert.deepEqual(corpus.documents.map((d) => d.id).sort(), ['mde-data-storage-privacy', 'o365-privacy-security-transparency']);
  });

  it('fails clearly on an invalid manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-content-'));
    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ sources: [{ id: 'x', files: [], url: {} }] }));
    assert.throws(() => loadCorpus([dir]), /sources\[0\]\.files: must be a non-empty array/);
  });
});
