import { strict as assert } from 'node:assert';
import { escapeSlackText, MAX_SLACK_TEXT, slackTextToPlain, stripBotMention } from '../../../src/channels/slack/escapeSlack';

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

describe('Slack text patterns stay linear on hostile input', () => {
  // Each used to cost O(n²): every `<` start scanned `[^>]*` to the end of the text.
  const hostile: [string, string][] = [
    ['"<@U1|".repeat(40000)', '<@U1|'.repeat(40_000)],
    ['"<http:".repeat(40000)', '<http:'.repeat(40_000)],
    ['"<!here|".repeat(40000)', '<!here|'.repeat(40_000)],
    ['"<#C1|x".repeat(40000)', '<#C1|x'.repeat(40_000)],
  ];
  for (const [name, text] of hostile) {
    it(`handles ${name}: capped, and mentions and links still converted`, () => {
      const started = performance.now();
      const plain = slackTextToPlain(text);
      const stripped = stripBotMention(text, 'U1');
      // Reported, not asserted (speed belongs to the bench).
      console.log(`      ${name}: ${(performance.now() - started).toFixed(1)} ms`);
      assert.ok(plain.length <= MAX_SLACK_TEXT && stripped.length <= MAX_SLACK_TEXT);
    });
  }
  it('still converts well-formed markup next to stray brackets', () => {
    assert.equal(slackTextToPlain('<@U1|ann <@U2|bob> hi'), '<@U1|ann bob hi');
    assert.equal(slackTextToPlain('<http:x <https://a.b|docs>'), '<http:x docs');
    assert.equal(stripBotMention('<@U1 <@U1|bot> where?', 'U1'), '<@U1 where?');
  });
});
