import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createTexts } from '../../../src/bot/i18n';
import type { BotReply } from '../../../src/bot/types';
import type { Answer, Citation } from '../../../src/core/types';
import {
  escapeLinkLabel,
  escapeSlackText,
  safeLinkUrl,
  slackTextToPlain,
  stripBotMention,
  truncateEscaped,
} from '../../../src/channels/slack/escapeSlack';
import {
  ACTION_DISLIKE,
  ACTION_LIKE,
  ACTION_SHARE,
  MAX_BLOCKS,
  MAX_SECTION_CHARS,
  citationLink,
  decodeButtonValue,
  encodeButtonValue,
  renderReply,
  splitSection,
  type SlackMessage,
} from '../../../src/channels/slack/renderBlocks';

const { t } = createTexts();

function citation(n: number, over: Partial<Citation> = {}): Citation {
  return {
    n,
    title: `Page ${n}`,
    section: `Section ${n}`,
    url: `https://learn.example.com/page${n}#s${n}`,
    language: 'en',
    docId: `doc${n}`,
    anchor: `s${n}`,
    ...over,
  };
}

function answer(over: Partial<Answer> = {}): Answer {
  return {
    question: 'where is my data stored?',
    language: 'en',
    answered: true,
    seeAlso: [],
    lines: [{ label: 'Defender', text: 'Data is stored in the EU.', citations: [1], language: 'en' }],
    citations: [citation(1)],
    crossLanguage: false,
    suggestions: [],
    ...over,
  };
}

type Block = { type: string; text?: { text: string; verbatim?: boolean }; elements?: { type: string; text?: unknown; action_id?: string; value?: string }[] };

function blocksOf(msg: SlackMessage): Block[] {
  return msg.blocks as unknown as Block[];
}

/** Every piece of mrkdwn text in a message (sections, context elements). */
function textsOf(msg: SlackMessage): string[] {
  const out: string[] = [];
  for (const b of blocksOf(msg)) {
    if (b.text) out.push(b.text.text);
    for (const e of b.elements ?? []) if (typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

describe('slack escaping', () => {
  it('escapes &, < and > so mentions and links are neutralised', () => {
    assert.equal(escapeSlackText('<!channel> & <@U123> <!subteam^S1>'), '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;!subteam^S1&gt;');
    assert.equal(escapeSlackText('&lt;'), '&amp;lt;');
  });

  it('escapes | in link labels and only links http(s) URLs', () => {
    assert.equal(escapeLinkLabel('a|b<c>'), 'a\u2223b&lt;c&gt;');
    assert.equal(safeLinkUrl('javascript:alert(1)'), undefined);
    assert.equal(safeLinkUrl('https://x.test/a?b=1&c=<!here>|'), 'https://x.test/a?b=1&amp;c=%3C!here%3E%7C');
  });

  it('strips the bot mention and decodes Slack text for the bot', () => {
    assert.equal(stripBotMention('<@UBOT> where is data?', 'UBOT'), 'where is data?');
    assert.equal(stripBotMention('hi <@UBOT|privacy> there', 'UBOT'), 'hi there');
    assert.equal(stripBotMention('<@UBOT> <@UOTHER> q'), '<@UOTHER> q');
    assert.equal(slackTextToPlain('see <https://a.test|the docs> &amp; &lt;b&gt;'), 'see the docs & <b>');
  });

  it('truncates escaped text without splitting an entity', () => {
    const cut = truncateEscaped(escapeSlackText('ab&&&&&&'), 6);
    assert.ok(!/&[a-z]*$/.test(cut.slice(0, -1)), cut);
    assert.ok(cut.length <= 6);
  });
});

describe('slack renderBlocks', () => {
  it('renders an answer with sources as escaped links, provenance and buttons', () => {
    const a = answer({
      citations: [citation(1, { title: 'Defender | Data', section: 'Where <data> & keys' }), citation(2)],
      crossLanguage: true,
      language: 'nl',
    });
    const msg = renderReply({ kind: 'answer', language: 'nl', answer: a }, t, { key: 'k1', shareable: true, feedbackToken: 'tok.sig' });
    const texts = textsOf(msg).join('\n');
    assert.ok(texts.includes('1. <https://learn.example.com/page1#s1|Defender \u2223 Data — Where &lt;data&gt; &amp; keys>'), texts);
    assert.ok(texts.includes('2. <https://learn.example.com/page2#s2|Page 2 — Section 2>'));
    assert.ok(texts.includes('*Bronnen*'));
    assert.equal(texts.split('Engelstalig').length - 1, 1, 'the cross-language note, once');
    assert.ok(texts.startsWith(`_${t('answer.otherLanguage', 'nl')}_\n`), 'on its own line before the quote');
    const actions = blocksOf(msg).find((b) => b.type === 'actions');
    assert.deepEqual(actions?.elements?.map((e) => e.action_id), [ACTION_SHARE, ACTION_LIKE, ACTION_DISLIKE]);
    assert.equal(actions?.elements?.[0].value, encodeButtonValue('nl', 'k1'));
    assert.deepEqual(actions?.elements?.slice(1).map((e) => e.value), ['tok.sig', 'tok.sig'], '👍/👎 carry the signed token');
    assert.ok(msg.text.includes('https://learn.example.com/page1#s1'), 'fallback text carries the sources');
    for (const b of blocksOf(msg)) if (b.type === 'section') assert.equal(b.text?.verbatim, true);
  });

  it('renders multi-product answers one line per product', () => {
    const a = answer({
      lines: [
        { label: 'Defender', text: 'EU datacenters.', citations: [1], language: 'en' },
        { label: 'Purview', text: 'Tenant region.', citations: [2], language: 'en' },
      ],
      citations: [citation(1), citation(2)],
    });
    const first = textsOf(renderReply({ kind: 'answer', language: 'en', answer: a }, t))[0];
    assert.equal(first, 'That depends on the product:\n• *Defender*: EU datacenters. [1]\n• *Purview*: Tenant region. [2]');
  });

  it('names a source once when its section is the page heading', () => {
    const a = answer({ citations: [citation(1, { title: 'Customer Lockbox', section: 'Customer Lockbox' })] });
    const texts = textsOf(renderReply({ kind: 'answer', language: 'en', answer: a }, t)).join('\n');
    assert.ok(texts.includes('1. <https://learn.example.com/page1#s1|Customer Lockbox>'), texts);
  });

  it('renders an abstention with suggestions and no buttons', () => {
    const a = answer({ answered: false, reason: 'low-coverage', lines: [], citations: [], suggestions: ['Where does <Defender> store data?'] });
    const msg = renderReply({ kind: 'answer', language: 'en', answer: a }, t, { key: 'k', shareable: true });
    assert.ok(textsOf(msg)[0].includes('• Where does &lt;Defender&gt; store data?'));
    assert.ok(!blocksOf(msg).some((b) => b.type === 'actions'));
  });

  it('renders help, refusal, error and reindex replies as sections with a fallback', () => {
    const help = renderReply({ kind: 'help', language: 'en', text: 'Ask me about *data*.', examples: ['Where is <x> stored?'] }, t);
    assert.deepEqual(textsOf(help), ['Ask me about *data*.', '*Try for example:*\n• Where is &lt;x&gt; stored?']);
    const refusal = renderReply({ kind: 'refusal', language: 'nl', text: 'Alleen voor beheerders.' }, t);
    assert.deepEqual(textsOf(refusal), ['Alleen voor beheerders.']);
    assert.equal(refusal.text, 'Alleen voor beheerders.');
    const err = renderReply({ kind: 'error', language: 'en', text: 'Oops', correlationId: 'abc<1>' }, t);
    assert.ok(textsOf(err).includes('Reference: abc&lt;1&gt;'));
  });

  it('adds "Shared by" and the escaped question when shared', () => {
    const msg = renderReply({ kind: 'answer', language: 'en', answer: answer({ question: '<!here> where?' }) }, t, { key: 'k', sharedBy: 'U123' });
    assert.ok(textsOf(msg)[0].startsWith('Shared by <@U123> · Question: &lt;!here&gt; where?'));
    assert.ok(!blocksOf(msg).find((b) => b.type === 'actions')?.elements?.some((e) => e.action_id === ACTION_SHARE));
  });

  it('splits long text at line or sentence boundaries within 3000 characters', () => {
    const sentence = 'Data is kept in the tenant region. ';
    const chunks = splitSection(sentence.repeat(300));
    assert.ok(chunks.length > 1);
    for (const c of chunks) {
      assert.ok(c.length <= MAX_SECTION_CHARS);
      assert.ok(c.endsWith('.'), 'cut at a sentence end');
    }
    const huge = renderReply({ kind: 'answer', language: 'en', answer: answer({ lines: [{ label: 'L', text: 'x'.repeat(400_000), citations: [1], language: 'en' }] }) }, t, { key: 'k' });
    assert.ok(huge.blocks.length <= MAX_BLOCKS);
  });

  it('takes every label from the translations, escaped for mrkdwn', () => {
    const echo = (key: string, lang: string, vars?: Record<string, string | number>) =>
      `<${lang}:${key}>${vars ? ' ' + Object.values(vars).join(' ') : ''}`;
    const shared = renderReply({ kind: 'answer', language: 'nl', answer: answer({ crossLanguage: true }) }, echo, { key: 'k', sharedBy: 'U123' });
    const texts = textsOf(shared).join('\n');
    for (const key of ['card.sharedBy', 'slack.question', 'card.sources', 'card.from', 'answer.otherLanguage']) {
      assert.ok(texts.includes(`&lt;nl:${key}&gt;`), `${key} in ${texts}`);
    }
    assert.ok(texts.includes('&lt;nl:card.sharedBy&gt; <@U123>'), 'the mention is markup, the label is escaped text');
    const buttons = blocksOf(renderReply({ kind: 'answer', language: 'en', answer: answer() }, echo, { key: 'k', shareable: true, feedbackToken: 'x.y' })).find((b) => b.type === 'actions');
    assert.deepEqual(buttons?.elements?.map((e) => (e.text as { text: string }).text), ['<en:card.share>', '👍', '👎']);
    assert.deepEqual(textsOf(renderReply({ kind: 'error', language: 'en', text: 'x', correlationId: 'c1' }, echo)).at(-1), '&lt;en:slack.reference&gt; c1');
  });

  it('round-trips button values and rejects foreign ones', () => {
    assert.deepEqual(decodeButtonValue(encodeButtonValue('en', 'abc_-1')), { lang: 'en', key: 'abc_-1' });
    assert.equal(decodeButtonValue('fr:abc'), undefined);
    assert.equal(decodeButtonValue('{"x":1}'), undefined);
  });

  it('links nothing when a citation URL is not http(s)', () => {
    assert.equal(citationLink(citation(1, { url: 'javascript:x', title: '<!channel>' })), '&lt;!channel&gt; — Section 1');
  });
});

describe('slack renderBlocks properties', () => {
  const dangerous = fc.constantFrom('<!channel>', '<!here>', '<@U123>', '<!subteam^S1>', '<https://evil.test|x>', '&', '<', '>', '|', '\n', '. ');
  const userText = fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), dangerous), { maxLength: 30 })
    .chain((parts) => fc.integer({ min: 1, max: 120 }).map((n) => parts.join('').repeat(n % 7 === 0 ? n : 1)));
  const anyUrl = fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 }), userText.map((t) => `https://x.test/${t}`));
  const arbCitation = fc.record({ title: userText, section: userText, url: anyUrl });

  const arbReply: fc.Arbitrary<BotReply> = fc
    .record({
      question: userText,
      answered: fc.boolean(),
      labels: fc.array(fc.tuple(userText, userText), { maxLength: 4 }),
      citations: fc.array(arbCitation, { maxLength: 6 }),
      suggestions: fc.array(userText, { maxLength: 3 }),
      crossLanguage: fc.boolean(),
      lang: fc.constantFrom('nl' as const, 'en' as const),
    })
    .map((r) => ({
      kind: 'answer' as const,
      language: r.lang,
      answer: {
        question: r.question,
        language: r.lang,
        answered: r.answered,
        reason: r.answered ? undefined : ('low-coverage' as const),
        seeAlso: [],
        lines: r.labels.map(([label, text], i) => ({ label, text, citations: [i + 1], language: r.lang })),
        citations: r.citations.map((c, i) => citation(i + 1, c)),
        crossLanguage: r.crossLanguage,
        suggestions: r.suggestions,
      },
    }));

  it('never lets user or content text produce a mention, and respects Slack limits', () => {
    fc.assert(
      fc.property(arbReply, fc.boolean(), (reply, shareable) => {
        const msg = renderReply(reply, t, { key: 'k', shareable });
        const json = JSON.stringify(msg);
        assert.ok(!json.includes('<!') && !json.includes('<@'), 'no mention markup');
        assert.ok(msg.blocks.length <= MAX_BLOCKS);
        assert.ok(msg.text.length <= 3000 && msg.text.length > 0);
        for (const t of textsOf(msg)) {
          assert.ok(t.length > 0 && t.length <= MAX_SECTION_CHARS, `text length ${t.length}`);
          // The only `<` left is a link we built ourselves.
          for (const m of t.matchAll(/</g)) assert.ok(/^<https?:\/\//.test(t.slice(m.index)), t.slice(m.index, m.index + 40));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('escapeSlackText output has no < or > and decodes back to the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), userText), (s) => {
        const e = escapeSlackText(s);
        assert.ok(!e.includes('<') && !e.includes('>'));
        assert.equal(e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), s);
      }),
    );
  });
});
