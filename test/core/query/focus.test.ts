import { strict as assert } from 'node:assert';
import { focusOf } from '../../../src/core/query/focus';
import { DEFAULT_TUNING } from '../../../src/core/query/tuning';

describe('query/focus: the long-paste rule', () => {
  it('leaves an ordinary question whole', () => {
    assert.deepEqual(focusOf('Where is my data stored?', DEFAULT_TUNING), { focus: 'Where is my data stored?', context: '' });
  });

  it('takes the closing question sentences of a long paste as the focus', () => {
    const paste = 'Log line with lots of noise about printers and lunch menus. '.repeat(60);
    const f = focusOf(`${paste}Thanks for reading. Where is our data stored? And for how long?`, DEFAULT_TUNING);
    assert.equal(f.focus, 'Where is our data stored? And for how long?');
    assert.ok(f.context.includes('printers'));
    assert.ok(f.context.length <= DEFAULT_TUNING.maxChars);
  });

  it('uses the last sentence when a paste asks nothing with a question mark', () => {
    const f = focusOf(`${'Some words here. '.repeat(40)}Please tell me the retention period`, DEFAULT_TUNING);
    assert.equal(f.focus, 'Please tell me the retention period');
  });

  it('keeps a very long question sentence within the focus budget', () => {
    const f = focusOf(`${'word '.repeat(400)}?`, DEFAULT_TUNING);
    assert.ok(f.focus.length <= DEFAULT_TUNING.focusAbove);
  });

  it('makes the sentences after the last question of a short message its context, and keeps those before it', () => {
    assert.deepEqual(focusOf('Kun je activiteiten exporteren? HR vraagt erom', DEFAULT_TUNING), { focus: 'Kun je activiteiten exporteren?', context: 'HR vraagt erom', rule: 'after' });
    assert.deepEqual(focusOf('We use Alpha. Where is data stored? Thanks! Anna', DEFAULT_TUNING), { focus: 'We use Alpha. Where is data stored?', context: 'Thanks! Anna', rule: 'after' });
    // Nothing after the question, or no question mark at all: the message is all focus.
    assert.deepEqual(focusOf('Hi! Where is data stored?', DEFAULT_TUNING), { focus: 'Hi! Where is data stored?', context: '' });
    assert.deepEqual(focusOf('Tell me where data is stored. Thanks', DEFAULT_TUNING), { focus: 'Tell me where data is stored. Thanks', context: '' });
  });
});
