import { strict as assert } from 'node:assert';
import { sentencePairs, splitSideBySide } from '../../src/core/sxs';

const pair = (id: string, nl: string, en: string, id2 = id) =>
  `<span data-ttu-id="${id}">${nl}</span><span class="sxs-lookup"><span data-stu-id="${id2}">${en}</span></span>`;

describe('sxs: side-by-side sentence pairs', () => {
  it('splits pairs in order and keeps the markdown between them on both sides', () => {
    const md = `# ${pair('h1', 'Kop', 'Heading')}\n\n${pair('p1', 'Eén <b>zin</b>.', 'One <b>sentence</b>.')} ${pair('p2', 'Twee.', 'Two.', 'p3')}\n`;
    const s = splitSideBySide(md);
    assert.equal(s.translated, '# Kop\n\nEén <b>zin</b>. Twee.\n');
    assert.equal(s.source, '# Heading\n\nOne <b>sentence</b>. Two.\n');
    assert.deepEqual([s.pairs, s.misaligned], [3, 1]);
    assert.deepEqual(sentencePairs(md).map((p) => p.ids), [['h1', 'h1'], ['p1', 'p1'], ['p2', 'p3']]);
    const first = sentencePairs(md)[0];
    assert.equal(md.slice(first.start, first.end), pair('h1', 'Kop', 'Heading'));
  });

  it('takes the shortest halves and skips a lookup span whose id is malformed', () => {
    const md = '<span data-ttu-id="a">x</span><span class="sxs-lookup"><span data-stu-id="">y</span><span class="sxs-lookup"><span data-stu-id="a">z</span></span> tail</span></span>';
    const [p] = sentencePairs(md);
    assert.equal(p.translated, 'x</span><span class="sxs-lookup"><span data-stu-id="">y');
    assert.equal(p.source, 'z');
    assert.equal(md.slice(p.end), ' tail</span></span>');
  });

  it('keeps the text of stray halves and of a pair that never closes', () => {
    const s = splitSideBySide(`${pair('a', 'Ja', 'Yes')} <span data-ttu-id="b">Alleen</span> <span data-ttu-id="c">Open`);
    assert.equal(s.translated, 'Ja Alleen</span> Open');
    assert.equal(s.source, 'Yes Alleen</span> Open');
    assert.equal(s.pairs, 1);
  });

  it('finishes on hostile files: unclosed spans and lookups without an end', () => {
    const open = '<span data-ttu-id="x">'.repeat(200_000);
    assert.deepEqual(sentencePairs(open), []);
    assert.equal(splitSideBySide(open).translated, '');
    const lookups = `<span data-ttu-id="x">${'</span><span class="sxs-lookup"><span data-stu-id="x">'.repeat(100_000)}`;
    assert.deepEqual(sentencePairs(lookups), []);
    const many = `${'<span data-ttu-id="x">'.repeat(100_000)}t</span><span class="sxs-lookup"><span data-stu-id="x">s</span></span>`;
    const pairs = sentencePairs(many);
    assert.equal(pairs.length, 1);
    assert.equal(pairs[0].start, 0, 'the first opening span takes the pair');
    assert.equal(pairs[0].source, 's');
  });
});
