/**
 * The words around an answer, composed once for every channel.
 */
import { strict as assert } from 'node:assert';
import { createTexts } from '../../src/bot/i18n';
import { replyParts, replyText, sourceLabel } from '../../src/bot/replyText';
import type { Answer } from '../../src/core/types';

const { t } = createTexts();

const base: Answer = {
  question: 'q',
  language: 'nl',
  answered: true,
  lines: [{ label: 'MDE', text: 'Quote.', citations: [1], language: 'en' }],
  seeAlso: [2],
  citations: [],
  crossLanguage: true,
  suggestions: [],
};

describe('replyText', () => {
  it('says the cross-language note once and "see also" for the see-also citations', () => {
    const p = replyParts(base, t);
    assert.equal(p.note, t('answer.otherLanguage', 'nl'));
    assert.equal(p.intro, undefined);
    assert.deepEqual(p.lines, [{ text: 'Quote.', citations: [1] }]);
    assert.equal(p.seeAlso, 'Zie ook [2].');
    const text = replyText(base, t).text;
    assert.equal(text.split(t('answer.otherLanguage', 'nl')).length, 2);
    assert.deepEqual(replyText(base, t).markers, [1, 2]);
  });

  it('labels lines and adds the intro only for several products', () => {
    const p = replyParts({ ...base, crossLanguage: false, seeAlso: [], lines: [...base.lines, { label: 'MCAS', text: 'Other.', citations: [2], language: 'nl' }] }, t);
    assert.equal(p.intro, t('answer.multiIntro', 'nl'));
    assert.deepEqual(p.lines.map((l) => l.label), ['MDE', 'MCAS']);
  });

  it('names a source once when the section is the page heading', () => {
    assert.equal(sourceLabel({ title: 'Customer Lockbox', section: ' customer  Lockbox ' }), 'Customer Lockbox');
    assert.equal(sourceLabel({ title: 'Page', section: '' }), 'Page');
    assert.equal(sourceLabel({ title: 'Page', section: 'Retention' }), 'Page — Retention');
  });
});
