/**
 * Unit tests of the Teams rendering: Adaptive Card, plain-text fallback and citation entity.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { buildCitationEntity, MAX_TEAMS_CITATIONS, truncate } from '../../../src/channels/teams/citationEntity';
import { answerFallbackText, renderAnswerCard, renderReply } from '../../../src/channels/teams/renderAdaptiveCard';
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
  it('renders an answer as an Adaptive Card 1.5 with numbered markdown source links', () => {
    const card = renderAnswerCard(cannedAnswer('Where is my data stored?', 'en'), t);
    assert.equal(card.version, '1.5');
    assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    const texts = bodyTexts(card);
    assert.equal(texts[0], 'Your data is stored in the region of your tenant. [1]');
    assert.equal(texts[1], 'See also [2].');
    assert.ok(texts.includes('Sources'));
    assert.ok(texts.includes('[2] [Microsoft Defender for Endpoint data storage and privacy — Data retention](https://learn.microsoft.com/defender-endpoint/data-storage-privacy#data-retention)'));
    for (const block of card.body) {
      assert.equal(block.wrap, true);
      assert.equal(block.color, undefined, 'default colours only, readable in light and dark themes');
    }
    assert.equal(card.actions, undefined);
  });

  it('uses one block per product line for multi-product answers', () => {
    const answer: Answer = {
      ...cannedAnswer('q', 'en'),
      seeAlso: [],
      lines: [
        { label: 'Defender for Endpoint', text: 'Stored in the EU.', citations: [1], language: 'en' },
        { label: 'Cloud App Security', text: 'Stored in the US.', citations: [2], language: 'en' },
      ],
    };
    const texts = bodyTexts(renderAnswerCard(answer, t));
    assert.equal(texts[0], 'That depends on the product:');
    assert.equal(texts[1], '**Defender for Endpoint**: Stored in the EU. [1]');
    assert.equal(texts[2], '**Cloud App Security**: Stored in the US. [2]');
  });

  it('adds the cross-language note once, in the reply language', () => {
    const nl = renderAnswerCard(cannedAnswer('Waar worden mijn gegevens opgeslagen?', 'nl'), t);
    const note = nl.body.at(-1) as Record<string, unknown>;
    assert.match(String(note.text), /Engels/);
    assert.equal(bodyTexts(nl).filter((x) => /Engels/.test(x)).length, 1);
    assert.equal(nl.fallbackText?.split(t('answer.otherLanguage', 'nl')).length, 2, 'once in the fallback text');
    assert.equal(note.isSubtle, true);
    assert.ok(bodyTexts(nl).includes('Bronnen'));
    const en = renderAnswerCard({ ...cannedAnswer('q', 'en'), crossLanguage: true }, t);
    assert.match(String(en.body.at(-1)?.text), /Dutch/);
  });

  it('offers suggestions as a list and buttons when the answer abstains', () => {
    const answer: Answer = { ...cannedAnswer('weather?', 'en'), answered: false, reason: 'off-topic', lines: [], seeAlso: [], citations: [], suggestions: ['Where is my data stored?'] };
    const card = renderAnswerCard(answer, t);
    assert.ok(bodyTexts(card).includes('- Where is my data stored?'));
    assert.equal(card.actions?.length, 1);
    assert.ok(!bodyTexts(card).includes('Sources'));
    assert.equal(answerFallbackText(answer, t), `${t('answer.notCovered', 'en')}\n\nYou could ask, for example:\n- Where is my data stored?`);
  });

  it('writes a plain-text fallback: the answer, then the numbered sources', () => {
    const text = answerFallbackText(cannedAnswer('q', 'en'), t);
    assert.equal(
      text,
      'Your data is stored in the region of your tenant. [1]\nSee also [2].\n\nSources:\n' +
        '[1] Microsoft Defender for Endpoint data storage and privacy — Where is my data stored?: https://learn.microsoft.com/defender-endpoint/data-storage-privacy#where-is-my-data-stored\n' +
        '[2] Microsoft Defender for Endpoint data storage and privacy — Data retention: https://learn.microsoft.com/defender-endpoint/data-storage-privacy#data-retention',
    );
  });

  it('keeps square brackets in titles and parentheses in URLs from breaking the markdown link', () => {
    const answer: Answer = { ...cannedAnswer('q', 'en'), citations: [{ ...citation(1, 'Title [beta]'), url: 'https://x.test/a_(b)#c' }] };
    const texts = bodyTexts(renderAnswerCard(answer, t));
    assert.ok(texts.includes('[1] [Title (beta) — Section 1](https://x.test/a_%28b%29#c)'));
  });

  it('sends answers with text, card, citation entity and the feedback loop; other kinds as plain text', () => {
    const activity = renderReply({ kind: 'answer', language: 'en', answer: cannedAnswer('q', 'en') }, t) as Partial<Activity>;
    assert.equal(activity.type, 'message');
    assert.equal(activity.attachments?.length, 1);
    assert.equal(activity.attachmentLayout, undefined);
    assert.deepEqual(activity.channelData, { feedbackLoop: { type: 'default' } });
    assert.equal(activity.entities?.length, 1);

    for (const kind of ['refusal', 'reindex-started'] as const) {
      const plain = renderReply({ kind, language: 'nl', text: 'Alleen beheerders.' }, t);
      assert.deepEqual(plain, { type: 'message', text: 'Alleen beheerders.' });
    }
    const error = renderReply({ kind: 'error', language: 'en', text: 'Sorry (ref abc)', correlationId: 'abc' }, t);
    assert.deepEqual(error, { type: 'message', text: 'Sorry (ref abc)' });
  });

  it('renders welcome with the examples as list and Action.Submit buttons carrying the question', () => {
    const activity = renderReply({ kind: 'welcome', language: 'en', text: 'Hi!', examples: ['Q1?', 'Q2?'] }, t);
    const card = activity.attachments?.[0].content as { body: Record<string, unknown>[]; actions: { data: { question: string; msteams: { type: string; text: string } } }[] };
    assert.deepEqual(bodyTexts(card), ['Hi!', 'Try for example:', '- Q1?\n- Q2?']);
    assert.deepEqual(card.actions.map((a) => a.data.question), ['Q1?', 'Q2?']);
    assert.equal(card.actions[0].data.msteams.type, 'messageBack');
    assert.equal(card.actions[0].data.msteams.text, 'Q1?');
  });
});

describe('Teams citation entity', function () {
  it('lists only cited positions, in order, without the AI-generated marker', () => {
    const answer: Answer = { ...cannedAnswer('q', 'en'), citations: [citation(2), citation(1), citation(3)] };
    const entity = buildCitationEntity(answer, [2, 1]);
    assert.ok(entity);
    assert.deepEqual(entity.citation.map((c) => c.position), [1, 2]);
    assert.equal((entity as unknown as Record<string, unknown>).additionalType, undefined);
    assert.equal(buildCitationEntity(answer, []), undefined);
  });

  it('truncates with an ellipsis and collapses whitespace', () => {
    assert.equal(truncate('a  b\nc', 10), 'a b c');
    assert.equal(truncate('abcdefghij', 5), 'abcd…');
  });

  it('property: positions are the shown markers, at most 20, names ≤ 80 and abstracts ≤ 160 chars', () => {
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
          const entity = buildCitationEntity(answer, numbers);
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
