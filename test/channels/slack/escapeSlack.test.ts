import { strict as assert } from 'node:assert';
import { escapeSlackText, slackTextToPlain } from '../../../src/channels/slack/escapeSlack';

describe('slackTextToPlain', () => {
  it('drops broadcasts so they neither count as question words nor come back as pings', () => {
    assert.equal(slackTextToPlain('<!channel> where is my data stored?'), 'where is my data stored?');
    assert.equal(slackTextToPlain('<!here|here> <!everyone> hoe lang?'), 'hoe lang?');
  });
  it('keeps the labels of mentions, channels, groups and links', () => {
    assert.equal(slackTextToPlain('ask <@U123|jan> in <#C42|privacy> or <!subteam^S1|@security>'), 'ask jan in privacy or security');
    assert.equal(slackTextToPlain('see <https://learn.microsoft.com/x|the docs> &amp; <https://a.b/c>'), 'see the docs & https://a.b/c');
  });
  it('decodes entities, and escaping the result neutralises anything that looks like markup again', () => {
    const plain = slackTextToPlain('&lt;!channel&gt; &amp; more');
    assert.equal(plain, '<!channel> & more');
    assert.equal(escapeSlackText(plain), '&lt;!channel&gt; &amp; more');
  });
});
