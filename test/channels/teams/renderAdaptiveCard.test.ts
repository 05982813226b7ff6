/**
 * Unit tests of the Teams rendering: Adaptive Card, plain-text fallback and citation entity.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { buildCitationEntity, MAX_TEAMS_CITATIONS, truncate } from '../../../src/channels/teams/citationEntity';
import { answerFallbackText, answerMarkdown, renderReply, type AdaptiveCard } from '../../../src/channels/teams/renderAdaptiveCard';
import { createTexts } from '../../../src/bot/i18n';
import type { Answer, Citation } from '../../../src/core/types';
import { cannedAnswer } from './fakeBot';

const { t } = createTexts();

function citation(n: number, title = `Page ${n}`, section = `Section ${n}`): Citation {
  return { n, title, section, url: `https://learn.microsoft.com/page-${n}#s${n}`, language: 'en', docId: `d${n}`, anchor: `s${n}` };
}

function bodyTexts(card: { body: Record<string, unknown>[] }): string[] {
  return card.body.map((b) => String(b.text));
}

describe('Teams rendering', function () {
  const count = (text: string, needle: string) => text.split(needle).length - 1;

  it('sends an answer once: markdown text with [n] markers, the citation entity and a 👍/👎 card', () => {
    const activity = renderReply({ kind: 'answer', language: 'en', answer: cannedAnswer('q', 'en') }, t, { feedbackToken: 'tok.sig' }) as Partial<Activity>;
    assert.equal(activity.type, 'message');
    assert.equal(activity.text, 'Your data is stored in the region of your tenant. [1]\n\nSee also [2].');
    assert.equal(activity.entities?.length, 1);
    assert.equal(activity.channelData, undefined, 'no built-in feedback loop next to our buttons');
    assert.equal(activity.attachments?.length, 1);
    const card = activity.attachments?.[0].content as AdaptiveCard;
    assert.equal(card.version, '1.5');
    assert.equal(count(JSON.stringify(card), 'region of your tenant'), 0, 'the card does not repeat the answer');
    assert.deepEqual(card.actions?.map((a) => [a.type, (a.data as Record<string, string>).action, (a.data as Record<string, string>).reaction, (a.data as Record<string, string>).ref]), [
      ['Action.Submit', 'feedback', 'like', 'tok.sig'],
      ['Action.Submit', 'feedback', 'dislike', 'tok.sig'],
    ]);
    for (const block of card.body) {
      assert.equal(block.wrap, true);
      assert.equal(block.color, undefined, 'default colours only, readable in light and dark themes');
    }
    const bare = renderReply({ kind: 'answer', language: 'en', answer: cannedAnswer('q', 'en') }, t);
    assert.equal(bare.attachments, undefined, 'no token, no card');
  });

  it('writes a multi-product answer as the intro and a bulleted line per product, with markers', () => {
    const answer: Answer = {
      ...cannedAnswer('q', 'en'),
      seeAlso: [],
      lines: [
        { label: 'Defender for Endpoint', text: 'Stored in the EU.', citations: [1], language: 'en' },
        { label: 'Cloud App Security', text: 'Stored in the US.', citations: [2], language: 'en' },
      ],
    };
    assert.equal(
      answerMarkdown(answer, t),
      'That depends on the product:\n\n- **Defender for Endpoint**: Stored in the EU. [1]\n\n- **Cloud App Security**: Stored in the US. [2]',
    );
  });

  it('says the cross-language note once, as its own paragraph before the quote, in the reply language', () => {
    const nl = renderReply({ kind: 'answer', language: 'nl', answer: cannedAnswer('Waar worden mijn gegevens opgeslagen?', 'nl') }, t, { feedbackToken: 'x.y' });
    const note = t('answer.otherLanguage', 'nl');
    assert.ok(String(nl.text).startsWith(`_${note}_\n\nJe gegevens`));
    assert.equal(count(JSON.stringify(nl), 'Engelstalig'), 1, 'nowhere else: not in a card, not in the summary');
    const en = answerMarkdown({ ...cannedAnswer('q', 'en'), crossLanguage: true }, t);
    assert.ok(en.startsWith(`_${t('answer.otherLanguage', 'en')}_\n\n`));
  });

  it('escapes markdown and HTML in quoted text, so a quote cannot fake a citation or a mention', () => {
    const answer: Answer = { ...cannedAnswer('q', 'en'), lines: [{ label: 'L', text: 'a *b* [3] <at>x</at>', citations: [1], language: 'en' }] };
    assert.equal(answerMarkdown(answer, t).split('\n\n')[0], 'a \\*b\\* \\[3\\] &lt;at&gt;x&lt;/at&gt; [1]');
  });

  it('renders an abstention as a card: the reason and the suggestions as Action.Submit buttons, listed once', () => {
    const answer: Answer = { ...cannedAnswer('weather?', 'en'), answered: false, reason: 'off-topic', lines: [], seeAlso: [], citations: [], suggestions: ['Where is my data stored?'] };
    const activity = renderReply({ kind: 'answer', language: 'en', answer }, t);
    assert.equal(activity.text, undefined);
    assert.equal(activity.entities, undefined);
    const card = activity.attachments?.[0].content as AdaptiveCard;
    assert.deepEqual(bodyTexts(card), [t('answer.notCovered', 'en'), 'You could ask, for example:']);
    assert.deepEqual(card.actions?.map((a) => a.data), [{ action: 'ask', question: 'Where is my data stored?' }]);
    assert.equal(answerFallbackText(answer, t), `${t('answer.notCovered', 'en')}\n\nYou could ask, for example:\n- Where is my data stored?`);
  });

  it('writes a plain-text fallback: the answer, then the numbered sources', () => {
    assert.equal(
      answerFallbackText(cannedAnswer('q', 'en'), t),
      'Your data is stored in the region of your tenant. [1]\nSee also [2].\n\nSources:\n' +
        '[1] Microsoft Defender for Endpoint data storage and privacy — Where is my data stored?: https://learn.microsoft.com/defender-endpoint/data-storage-privacy#where-is-my-data-stored\n' +
        '[2] Microsoft Defender for Endpoint data storage and privacy — Data retention: https://learn.microsoft.com/defender-endpoint/data-storage-privacy#data-retention',
    );
  });

  it('sends other kinds as plain text', () => {
    for (const kind of ['refusal', 'reindex-started'] as const) {
      assert.deepEqual(renderReply({ kind, language: 'nl', text: 'Alleen beheerders.' }, t), { type: 'message', text: 'Alleen beheerders.' });
    }
    assert.deepEqual(renderReply({ kind: 'error', language: 'en', text: 'Sorry (ref abc)', correlationId: 'abc' }, t), { type: 'message', text: 'Sorry (ref abc)' });
  });

  it('renders welcome and help with the examples once, as plain Action.Submit buttons carrying the question', () => {
    for (const kind of ['welcome', 'help'] as const) {
      const activity = renderReply({ kind, language: 'en', text: 'Hi!', examples: ['Q1?', 'Q2?'] }, t);
      const card = activity.attachments?.[0].content as AdaptiveCard;
      assert.deepEqual(bodyTexts(card), ['Hi!', 'Try for example:']);
      assert.deepEqual(card.actions?.map((a) => [a.type, a.data]), [
        ['Action.Submit', { action: 'ask', question: 'Q1?' }],
        ['Action.Submit', { action: 'ask', question: 'Q2?' }],
      ]);
      assert.ok(!JSON.stringify(card.actions).includes('messageBack'), 'no messageBack/imBack: they do nothing in the Playground');
    }
  });
});

describe('Teams citation entity', function () {
  it('lists every citation in order, without the AI-generated marker; none for an answer without citations', () => {
    const answer: Answer = { ...cannedAnswer('q', 'en'), citations: [citation(2), citation(1), citation(3)] };
    const entity = buildCitationEntity(answer);
    assert.ok(entity);
    assert.deepEqual(entity.citation.map((c) => c.position), [1, 2, 3]);
    assert.equal((entity as unknown as Record<string, unknown>).additionalType, undefined);
    assert.equal(buildCitationEntity({ ...answer, citations: [] }), undefined);
  });

  it('names a source once when its section is the page heading (no "title — title")', () => {
    const answer: Answer = { ...cannedAnswer('q', 'en'), citations: [citation(1, 'Customer Lockbox', 'Customer  lockbox'), citation(2, 'Page', 'Retention')] };
    const names = buildCitationEntity(answer)?.citation.map((c) => c.appearance.name);
    assert.deepEqual(names, ['Customer Lockbox', 'Page — Retention']);
  });

  it('truncates with an ellipsis and collapses whitespace', () => {
    assert.equal(truncate('a  b\nc', 10), 'a b c');
    assert.equal(truncate('abcdefghij', 5), 'abcd…');
  });

  it('property: positions are the citation numbers, at most 20, names ≤ 80 and abstracts ≤ 160 chars', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }),
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 300 }),
        (numbers, title, section) => {
          const answer: Answer = {
            ...cannedAnswer('q', 'en'),
            citations: numbers.map((n) => citation(n, title, section)),
            lines: [{ label: 'L', text: section.repeat(2), citations: numbers, language: 'en' }],
          };
          const entity = buildCitationEntity(answer);
          if (numbers.length === 0) return entity === undefined;
          assert.ok(entity);
          const markers = new Set(numbers);
          assert.ok(entity.citation.length <= MAX_TEAMS_CITATIONS);
          assert.equal(entity.citation.length, Math.min(numbers.length, MAX_TEAMS_CITATIONS));
          const positions = entity.citation.map((c) => c.position);
          assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
          for (const claim of entity.citation) {
            assert.ok(markers.has(claim.position));
            assert.ok(claim.appearance.name.length <= 80);
            assert.ok(claim.appearance.abstract.length <= 160);
          }
          return true;
        },
      ),
    );
  });
});
