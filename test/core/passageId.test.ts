import { strict as assert } from 'node:assert';
import { parsePassageId, passageId, sectionKey, sectionLeadId } from '../../src/core/passageId';

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
});
