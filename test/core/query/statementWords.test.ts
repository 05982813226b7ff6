import { strict as assert } from 'node:assert';
import { statementWords } from '../../../src/core/query/statementWords';

describe('query/statementWords: words said only in the statements before a question', () => {
  it('gives the words of the sentences before the last question that are statements, and none the question uses', () => {
    const words = statementWords('We scrubbed a former employee from Box. Will the copy of the employee data be dropped?');
    assert.ok(words.has('scrubbed') && words.has('box') && words.has('former'));
    assert.ok(!words.has('employee'), 'the question uses it');
    assert.ok(!words.has('dropped') && !words.has('copy'));
  });

  it('leaves a single question, a message without a question mark and the words after the question alone', () => {
    assert.equal(statementWords('Where is our data stored?').size, 0);
    assert.equal(statementWords('Our data is in Box. Tell me where it is stored.').size, 0);
    const words = statementWords('Where is our data stored? Our auditor asks.');
    assert.equal(words.size, 0);
  });

  it('does not count an earlier question as a statement', () => {
    const words = statementWords('Is data encrypted? Our vendor uses ICAP. What gets sent?');
    assert.ok(words.has('vendor') && words.has('icap'));
    assert.ok(!words.has('encrypted'));
  });
});
