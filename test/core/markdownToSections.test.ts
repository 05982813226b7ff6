import { strict as assert } from 'node:assert';
import { loadCorpus } from '../../src/core/loadCorpus';
import { LINK_BRACKET_LIMITS, LinkBracketLimitError } from '../../src/core/linkBracketBudget';
import { markdownToSections, replaceIncludes, type Section } from '../../src/core/markdownToSections';
import { CONTENT } from '../helpers/engine';

/** Every block of every section as `kind:text`, in order. */
const blocks = (sections: Section[]) => sections.flatMap((s) => s.blocks.map((b) => `${b.kind}:${b.text}`));

describe('markdownToSections: DocFX syntax and HTML', () => {
  it('turns HTML blocks into their text, a tag into a space', () => {
    const s = markdownToSections('<div class="x">Data <b>stays</b>\nin <i>the EU</i></div>\n\n<p>Second<br/>line</p>');
    assert.deepEqual(blocks(s), ['para:Data stays in the EU', 'para:Second line']);
    // A `<` without a closing `>` keeps the rest of the block as text.
    assert.deepEqual(blocks(markdownToSections('<div>a <b>b</b> < c\n')), ['para:a b < c']);
  });

  it('removes comments, also several and across lines, and keeps an unclosed one as text', () => {
    assert.deepEqual(blocks(markdownToSections('Keep <!-- hidden --> this <!-- and\nthis -->text.')), ['para:Keep this text.']);
    assert.deepEqual(blocks(markdownToSections('A <!--> still a comment --> B')), ['para:A B']);
    assert.deepEqual(blocks(markdownToSections('Visible <!-- x --> and <!-- open\n\nNext paragraph.')), ['para:Visible and <!-- open', 'para:Next paragraph.']);
  });

  it('drops call-out markers at a line start (any case, indented, after blank lines) and keeps the quote', () => {
    const md = '> [!NOTE]\n> Noted.\n\n  > [!tip] Tipped.\n\n\n>\n> [!div class="nextstepaction"]\n> [Go](https://x.test/)\n';
    const s = markdownToSections(md);
    assert.deepEqual(blocks(s), ['para:Noted.', 'para:Tipped.', 'nav:Go']);
  });

  it('keeps a marker that is not a call-out: mid-line, in a nested quote, unknown or unclosed', () => {
    assert.deepEqual(blocks(markdownToSections('Text > [!NOTE] inline.')), ['para:Text > [!NOTE] inline.']);
    assert.deepEqual(blocks(markdownToSections('> > [!NOTE]\n> > Deep.')), ['para:[!NOTE] Deep.']);
    assert.deepEqual(blocks(markdownToSections('> [!CAVEAT] Unknown.')), ['para:[!CAVEAT] Unknown.']);
    assert.deepEqual(blocks(markdownToSections('> [!div class="open"\n> Rest.')), ['para:[!div class="open" Rest.']);
  });

  it('finds includes with their path, in any case and spacing, and leaves malformed ones alone', () => {
    const seen: string[] = [];
    const out = replaceIncludes('a [!INCLUDE [T](x.md)] b [!include[t [x](../y.md) ] c [!INCLUDE [t](has space.md)] d', (t) => {
      seen.push(t);
      return `<${t}>`;
    });
    assert.deepEqual(seen, ['x.md', '../y.md']);
    assert.equal(out, 'a <x.md> b <../y.md> c [!INCLUDE [t](has space.md)] d');
    assert.equal(replaceIncludes('[!INCLUDE [t](x.md) no close', () => 'X'), '[!INCLUDE [t](x.md) no close');
    assert.equal(replaceIncludes('[!INCLUDE [t]() ]', () => 'X'), '[!INCLUDE [t]() ]', 'an empty path is not an include');
    assert.deepEqual(blocks(markdownToSections('Before.\n\n[!INCLUDE [t](x.md)]\n\nAfter.')), ['para:Before.', 'para:After.']);
  });

  it('gives the real content the sections it had before the linear scans', () => {
    // Observed with the regular-expression version on this content (passages, distinct headings per language).
    const corpus = loadCorpus([CONTENT]);
    const counts = corpus.documents.flatMap((d) => (['nl', 'en'] as const).flatMap((lang) => {
      const ps = d.passages.filter((p) => p.lang === lang);
      return ps.length ? [`${d.id} ${lang} ${ps.length} ${new Set(ps.map((p) => p.heading)).size}`] : [];
    }));
    assert.deepEqual(counts.sort(), [
      'mcas-data-security-privacy en 34 23',
      'mcas-data-security-privacy nl 23 16',
      'mde-data-storage-privacy en 26 9',
      'mde-data-storage-privacy nl 26 9',
      'mtp-data-privacy en 3 1',
      'mtp-data-privacy nl 3 1',
      'o365-privacy-security-transparency en 12 8',
    ]);
    const mcas = corpus.documents.find((d) => d.id === 'mcas-data-security-privacy');
    const en = (mcas?.passages ?? []).filter((p) => p.lang === 'en').map((p) => p.text).join('\n');
    assert.doesNotMatch(en, /FISC|<!--|\[!div/, 'the commented-out table row and the div markers are gone');
  });
});

describe('markdownToSections: hostile input finishes with a plain result', () => {
  it('a page of 200,000 "<"', () => {
    assert.deepEqual(blocks(markdownToSections('<'.repeat(200_000))), [`para:${'<'.repeat(200_000)}`]);
    // Inside an HTML block the tag scan runs too (the old `/<[^>]*>/g` took 41.6 s on 100,000).
    assert.deepEqual(blocks(markdownToSections(`<div>\n${'<'.repeat(200_000)}`)), [`para:${'<'.repeat(200_000)}`]);
  });

  it('50,000 unclosed comments, and 100,000 comments that all close', () => {
    const open = '<!--'.repeat(50_000);
    assert.equal(markdownToSections(open).length, 1);
    assert.equal(markdownToSections(`${'<!-- x -->'.repeat(100_000)}Only this.`)[0].blocks[0].text, 'Only this.');
  });

  it('blank lines before a ">" and call-out markers that never close', () => {
    assert.deepEqual(markdownToSections(`${'\n'.repeat(100_000)}>`), []);
    assert.deepEqual(markdownToSections(`${' \n'.repeat(100_000)}>`), []);
    assert.deepEqual(markdownToSections(`${' \n'.repeat(50_000)}> [!NOTE]\n> x`).flatMap((s) => s.blocks), [{ kind: 'para', text: 'x' }]);
    const div = markdownToSections('> [!div\n'.repeat(500));
    assert.equal(div[0].blocks.length, 1);
    assert.ok(div[0].blocks[0].text.startsWith('[!div [!div'));
    // 50,000 of them get through the call-out scan, then past the link-bracket budget: refused, not parsed.
    assert.throws(() => markdownToSections('> [!div\n'.repeat(50_000)), LinkBracketLimitError);
  });

  it('includes that never close', () => {
    const text = '[!INCLUDE[](a'.repeat(100_000);
    assert.equal(replaceIncludes(text, () => 'X'), text);
    const spaced = `${'[!INCLUDE['.repeat(50_000)}](x)${' '.repeat(50_000)}`;
    assert.equal(replaceIncludes(spaced, () => 'X'), spaced);
    assert.equal(replaceIncludes(`${'[!INCLUDE['.repeat(50_000)}](x)]`, () => 'X'), 'X', 'the first start takes the include');
  });
});

describe('markdownToSections: link brackets within a budget', () => {
  const refused = (what: RegExp) => (err: unknown) => err instanceof LinkBracketLimitError && what.test(err.message);

  it('refuses a page of 2 MiB of "[", saying why, before markdown-it scans them (that took 7–9 s)', () => {
    assert.throws(() => markdownToSections('['.repeat(2 * 1024 * 1024)), refused(/page has 2097152 "\[" characters, more than the 10000/));
    assert.throws(() => markdownToSections('!['.repeat(100_000)), refused(/200000|100000 "\["/), 'images open with "[" too');
  });

  it('refuses a few brackets before a long paragraph: each would scan it to the end', () => {
    const page = `# Title\n\n${'['.repeat(1000)}${'a*'.repeat(100_000)}`;
    assert.ok(page.split('[').length - 1 <= LINK_BRACKET_LIMITS.maxBrackets, 'under the count limit');
    assert.throws(() => markdownToSections(page), refused(/scan more than 2000000 characters/));
  });

  it('counts the scan per paragraph: the same brackets in short paragraphs, and real link lists, still parse', () => {
    const short = markdownToSections(`# Title\n\n${'[ a\n\n'.repeat(5_000)}`);
    assert.equal(short[0].blocks.length, 5_000);
    assert.equal(short[0].blocks[0].text, '[ a');
    const links = Array.from({ length: 400 }, (_, i) => `- [Page ${i}](https://example.com/${i})`).join('\n');
    const sections = markdownToSections(`# Next steps\n\n${links}\n\nSee [the docs](https://example.com) and [more][ref].\n\n[ref]: https://example.com/ref`);
    assert.equal(sections[0].blocks.length, 401);
    assert.deepEqual(sections[0].blocks[0], { kind: 'nav', text: 'Page 0' });
    assert.deepEqual(sections[0].blocks[400], { kind: 'para', text: 'See the docs and more.' }, 'links read as their text, a reference link too');
  });
});
