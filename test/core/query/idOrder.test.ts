import { strict as assert } from 'node:assert';
import { collationRanks, idOrder, positionIdNumbers, positionRanks, sortByScoreThenId, sortByScoreThenRank } from '../../../src/core/query/idOrder';
import { tinyIndex } from '../../helpers/tinyCorpus';

interface Item {
  id: string;
  score: number;
  n: number;
}

/** The order the ranks must reproduce. */
const byCollation = (items: Item[]) => [...items].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
const sorted = (items: Item[], ids: string[]) => sortByScoreThenId([...items], (i) => i.score, (i) => i.id, collationRanks(ids));

describe('idOrder', () => {
  // Case, accents, digits and punctuation collate otherwise than code points; "é" in NFC and NFD collate as equal.
  const ids = ['b#x~1', 'B#x~0', 'a#y~10', 'a#y~2', 'é#z~0', 'e\u0301#z~0', 'e#z~0', 'Z#a~0', '_#a~0', 'a-b#c~0', 'ab#c~0'];

  it('ranks ids as localeCompare orders them, collation-equal ids sharing a rank', () => {
    const ranks = collationRanks(ids);
    for (const a of ids) for (const b of ids) assert.equal(Math.sign(ranks.get(a)! - ranks.get(b)!), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });

  it('sorts by score, then by id, exactly as the collating comparator does (ties keep their order)', () => {
    const items: Item[] = [];
    ids.forEach((id, i) => {
      items.push({ id, score: i % 3, n: items.length });
      // Equal ids and equal scores: the stable sort keeps them in input order.
      if (i % 4 === 0) items.push({ id, score: i % 3, n: items.length });
    });
    for (let shift = 0; shift < items.length; shift++) {
      const input = [...items.slice(shift), ...items.slice(0, shift)];
      assert.deepEqual(sorted(input, ids), byCollation(input));
    }
  });

  it('collates items whose id the order does not know', () => {
    const input: Item[] = [{ id: 'zz', score: 1, n: 0 }, { id: 'b#x~1', score: 1, n: 1 }, { id: 'a', score: 1, n: 2 }];
    assert.deepEqual(sorted(input, ['b#x~1']), byCollation(input));
  });

  it('is built once per index, over its passage ids', () => {
    const index = tinyIndex([{ id: 'doc', sections: [['en', 'a', 'A', 'alpha text'], ['nl', 'a', 'A', 'alfa tekst'], ['en', 'b', 'B', 'beta text']] }]);
    const order = idOrder(index);
    assert.equal(idOrder(index), order);
    assert.deepEqual([...order.keys()].sort(), [...index.byId.keys()].sort());
  });

  it('sorts by parallel scores and ranks, highest score first, ties in input order', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    assert.deepEqual(sortByScoreThenRank([...items], [1, 2, 1, 2, 1], [5, 3, 5, 1, 0]), ['d', 'b', 'e', 'a', 'c']);
  });

  it("gives each passage position its id's rank, and one number per id shared by both language versions", () => {
    const index = tinyIndex([{ id: 'doc', sections: [['en', 'b', 'B', 'beta text'], ['en', 'a', 'A', 'alpha text'], ['nl', 'a', 'A', 'alfa tekst']] }]);
    const order = idOrder(index);
    assert.deepEqual([...positionRanks(index)], index.passages.map((p) => order.get(p.id)));
    const numbers = positionIdNumbers(index);
    assert.equal(numbers.count, index.byId.size);
    index.passages.forEach((p, i) => index.passages.forEach((q, j) => assert.equal(numbers.at[i] === numbers.at[j], p.id === q.id, `${p.id} ${q.id}`)));
    assert.equal(positionRanks(index), positionRanks(index));
    assert.equal(positionIdNumbers(index), positionIdNumbers(index));
  });
});
