import { strict as assert } from 'node:assert';
import { MAX_INCLUDED_CHARS, parsePage, resolveIncludes, stripDocsSuffix } from '../../src/core/parsePage';

describe('parsePage: titles and includes', () => {
  it('drops the " | Microsoft Docs" tail of a front-matter title, whatever the case and spacing', () => {
    assert.equal(stripDocsSuffix('Data privacy | Microsoft Docs'), 'Data privacy');
    assert.equal(stripDocsSuffix('  Data privacy\t|microsoft docs  \n'), 'Data privacy');
    assert.equal(stripDocsSuffix('A | Microsoft Docs | Microsoft Docs'), 'A | Microsoft Docs');
    assert.equal(stripDocsSuffix('Microsoft Docs | other'), 'Microsoft Docs | other');
    const page = parsePage('---\ntitle: "Where data lives | Microsoft Docs"\n---\nBody text without a heading.', 'en', () => undefined);
    assert.equal(page.sides[0].title, 'Where data lives');
  });

  it('a title of 200,000 spaces (the old suffix pattern rescanned every run of them) yields a plain result', () => {
    assert.equal(stripDocsSuffix(`${' '.repeat(200_000)}x`), 'x');
    assert.equal(stripDocsSuffix(`${' \t'.repeat(100_000)}|${' '.repeat(100_000)}Microsoft Docsx`), '|' + ' '.repeat(100_000) + 'Microsoft Docsx');
    const page = parsePage(`---\ntitle: "T${' '.repeat(200_000)}x"\n---\nBody.`, 'en', () => undefined);
    assert.equal(page.sides[0].title, `T${' '.repeat(200_000)}x`);
  });

  it('expands includes three levels deep and drops deeper ones', () => {
    const files: Record<string, string> = { 'a.md': 'A [!INCLUDE [b](b.md)]', 'b.md': '---\ntitle: b\n---\nB [!INCLUDE [c](c.md)]', 'c.md': 'C [!INCLUDE [d](d.md)]', 'd.md': 'D' };
    const out = resolveIncludes('Top [!INCLUDE [a](a.md)]', (t) => files[t]);
    assert.equal(out.replace(/\s+/g, ' ').trim(), 'Top A B C');
  });

  it('refuses an include bomb with a clear error instead of growing without bound', () => {
    // Each level includes the next a thousand times: 10^9 copies without the budget.
    const level = (next: string) => `[!INCLUDE [x](${next})]\n`.repeat(1000);
    const files: Record<string, string> = { 'one.md': level('two.md'), 'two.md': level('three.md'), 'three.md': 'x'.repeat(1000) };
    assert.throws(() => resolveIncludes(level('one.md'), (t) => files[t]), new RegExp(`includes add more than ${MAX_INCLUDED_CHARS} characters`));
    assert.throws(() => parsePage(`# Page\n\n${level('one.md')}`, 'en', (t) => files[t]), /includes add more than/);
  });
});
