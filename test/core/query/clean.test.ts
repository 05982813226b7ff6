import { strict as assert } from 'node:assert';
import { cleanQuestion } from '../../../src/core/query/clean';

describe('core/query/clean', () => {
  it('removes control characters and unpaired surrogates, and collapses whitespace', () => {
    assert.equal(cleanQuestion('  where\u0000is my\n\n data\ud800? '), 'where is my data?');
  });

  it('never throws on values whose conversion to text throws', () => {
    assert.equal(cleanQuestion({ toString: 0 }), '');
    assert.equal(cleanQuestion({ toString: () => { throw new Error('no'); } }), '');
    assert.equal(cleanQuestion(undefined), '');
    assert.equal(cleanQuestion(42), '42');
  });
});
