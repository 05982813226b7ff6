import { strict as assert } from 'node:assert';
import { asks, lastQuestion, sentencesOf } from '../../../src/core/query/sentences';

describe('query/sentences: where a sentence ends and which one asks', () => {
  it('splits at . ! ? followed by white space and drops empty pieces', () => {
    assert.deepEqual(sentencesOf('Hi! Where is data stored?  Thanks. '), ['Hi!', 'Where is data stored?', 'Thanks.']);
    assert.deepEqual(sentencesOf('TLS 1.2 is used'), ['TLS 1.2 is used']);
  });

  it('finds the last sentence that asks', () => {
    assert.equal(asks('Where is it? '), true);
    assert.equal(asks('It is here.'), false);
    assert.equal(lastQuestion(['Hi!', 'Is it kept?', 'Where?', 'Thanks.']), 2);
    assert.equal(lastQuestion(['No question here.']), -1);
  });
});
