import { strict as assert } from 'node:assert';
import { parsePassageId, passageId, passageSectionKey, sectionKey, sectionLeadId } from '../../src/core/passageId';

describe('passage ids', () => {
  it('round-trips, including anchors with # and ~ in them', () => {
    for (const [doc, anchor, n] of [['mde', 'data-retention', 0], ['a', 'x#y~2', 12], ['d', '', 3]] as const) {
      assert.deepEqual(parsePassageId(passageId(doc, anchor, n)), { docId: doc, anchor, ordinal: n });
    }
  });
  it('rejects what is not an id, and names sections and their first passage', () => {
    assert.equal(parsePassageId('no-id'), undefined);
    assert.equal(sectionKey({ docId: 'd', anchor: 'a' }), 'd#a');
    assert.equal(sectionLeadId({ docId: 'd', anchor: 'a' }), 'd#a~0');
  });
  it('gives a passage its section key, the same string every time', () => {
    const passage = { id: 'd#a~1', docId: 'd', anchor: 'a', ordinal: 1, lang: 'en' as const, heading: 'A', text: 't', aligned: false };
    assert.equal(passageSectionKey(passage), 'd#a');
    assert.equal(passageSectionKey(passage), sectionKey(passage));
    assert.equal(passageSectionKey({ ...passage, docId: 'a#b', anchor: 'c' }), 'a#b#c');
  });
});
