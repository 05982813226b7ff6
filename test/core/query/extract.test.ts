import { strict as assert } from 'node:assert';
import { analyseAhead, extract, splitSentences, type Stemmer } from '../../../src/core/query/extract';
import type { QueryPlan } from '../../../src/core/query/plan';

/** A plan with one concept per stem, all of weight 1 (what extract reads of a plan). */
const planOf = (...stems: string[]) => ({ concepts: stems.map((s) => ({ word: s, weight: 1, alts: [{ lang: 'en', stem: s, weight: 1, via: 'stem' }] })) }) as unknown as QueryPlan;

/** A stemmer that lower-cases words and counts its calls. */
const counting = () => {
  let calls = 0;
  const stemmer: Stemmer = (text) => {
    calls++;
    return text.toLowerCase().match(/\p{L}+/gu) ?? [];
  };
  return { stemmer, calls: () => calls };
};

describe('extract', () => {
  it('splits sentences at a full stop before a capital, not after an abbreviation, and per line', () => {
    assert.deepEqual(splitSentences('Data is kept. Logs e.g. Alerts are kept too.\nA list item'), ['Data is kept.', 'Logs e.g. Alerts are kept too.', 'A list item']);
  });
  it('quotes the sentence that covers the question best', () => {
    const { stemmer } = counting();
    const text = 'Customer data is stored in the EU. Alerts are kept for 180 days. Logs are encrypted.';
    assert.match(extract(text, 'en', planOf('alerts', 'days'), stemmer), /^Alerts are kept for 180 days\./);
  });
  it('analyses every passage ahead when the cache holds them all, so quoting one analyses nothing more', () => {
    const { stemmer, calls } = counting();
    const passages = [
      { text: 'Customer data is stored in the EU. It stays there.', lang: 'en' as const },
      { text: 'Alerts are kept for 180 days.', lang: 'en' as const },
    ];
    assert.equal(analyseAhead(passages, stemmer), true);
    const after = calls();
    assert.equal(after, 3, 'one call per sentence');
    extract(passages[0].text, 'en', planOf('stored'), stemmer);
    assert.equal(calls(), after);
  });
  it('leaves a corpus larger than the cache to fill as questions come', () => {
    const { stemmer, calls } = counting();
    const many = Array.from({ length: 2001 }, (_, i) => ({ text: `Passage ${i}.`, lang: 'en' as const }));
    assert.equal(analyseAhead(many, stemmer), false);
    assert.equal(calls(), 0);
  });
});
