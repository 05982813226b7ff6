import assert from 'node:assert/strict';
import { createDictionaries, loadWordNetPos, type PosProfile } from '../../../src/core/query/dictionaries';
import { loadDutchLexicon, loadDutchPos } from '../../../src/core/query/dutchLexicon';
import { isListedFunctionWord } from '../../../src/core/analyzer';
import { classifyWord, generalShareOf, type WordContext } from '../../../src/core/query/generalWords';

const P = (p: Partial<PosProfile>): PosProfile => ({ noun: 0, verb: 0, adj: 0, adv: 0, closed: 0, ...p });
const EN: Record<string, PosProfile> = { still: P({ noun: 6, verb: 6, adj: 36, adv: 317 }), price: P({ noun: 77, verb: 6 }), cheap: P({ adj: 15 }), free: P({ verb: 28, adj: 58 }) };
const NL: Record<string, PosProfile> = { eigenlijk: P({ adj: 1 }), nou: P({ closed: 1 }), pannenkoek: P({ noun: 1 }), kopen: P({ verb: 1 }), free: P({ closed: 1 }) };
const DICT: Record<string, string[]> = { en: ['still', 'price', 'cheap', 'hey', 'free'], nl: ['eigenlijk', 'nou', 'pannenkoek', 'kopen', 'free'] };
const context: WordContext = {
  documentFrequency: (w) => ({ retention: 12, data: 40 })[w] ?? 0,
  passages: 100,
  isWordIn: (w, lang) => DICT[lang].includes(w),
  pos: { en: (w) => EN[w], nl: (w) => NL[w] },
  hasCorrection: (w) => w === 'retenton',
};
const kind = (w: string) => classifyWord(w, context).kind;

describe('generalWords', () => {
  it('adverbs and closed-class dictionary words are general, in either language', () => {
    assert.deepEqual(['still', 'eigenlijk', 'nou', 'hey'].map(kind), ['general', 'general', 'general', 'general']);
    assert.equal(classifyWord('eigenlijk', context).weight, 0);
  });

  it('nouns and verbs are topic words that must stop a match', () => {
    assert.deepEqual(['price', 'pannenkoek', 'kopen'].map(kind), ['topic', 'topic', 'topic']);
    assert.equal(kind('cheap'), 'topic', 'an English adjective is not filler');
  });

  it('a Dutch entry without flags for an English word is a loan word, so the English classes decide', () => {
    const c = classifyWord('free', context);
    assert.equal(c.kind, 'topic');
    assert.deepEqual(c.evidence.generalShare, { en: 0 });
  });

  it('words the index knows are domain words, flagged when very common', () => {
    assert.deepEqual(classifyWord('retention', context), { word: 'retention', kind: 'domain', weight: 1, evidence: { df: 12, dictionary: [] } });
    assert.equal(classifyWord('data', context).evidence.common, true);
  });

  it('unknown non-words are typo candidates when correctable, otherwise topic', () => {
    assert.equal(kind('retenton'), 'typo-candidate');
    assert.equal(kind('onboarding'), 'topic');
    assert.equal(kind('x1y2'), 'topic');
  });

  it('a dictionary word known only as a name is a topic, not closed-class filler', () => {
    const names: WordContext = { ...context, isWordIn: (w, lang) => lang === 'en' && w === 'zurich', isNameIn: (w) => w === 'zurich' };
    assert.equal(classifyWord('zurich', names).kind, 'topic');
    assert.equal(classifyWord('zurich', { ...names, isNameIn: undefined }).kind, 'general');
  });

  it('a word of a stop-word list is general whatever its dictionary entry says', () => {
    const nouny: WordContext = { ...context, isWordIn: (w, lang) => lang === 'nl' && w === 'iets', pos: { nl: () => P({ noun: 1 }) } };
    assert.equal(classifyWord('iets', nouny).kind, 'topic');
    const c = classifyWord('iets', { ...nouny, isFunctionWord: (w, lang) => lang === 'nl' && w === 'iets' });
    assert.equal(c.kind, 'general');
    assert.equal(c.weight, 0);
    assert.deepEqual(c.evidence.functionWord, ['nl']);
  });

  it('the share threshold is an option', () => {
    assert.equal(classifyWord('still', context, { generalShare: 0.95 }).kind, 'topic');
    assert.equal(generalShareOf(P({ adj: 1, verb: 1 }), 'nl'), 0.5);
    assert.equal(generalShareOf(P({ adj: 1, verb: 1 }), 'en'), 0);
  });

  describe('with the real dictionaries and WordNet', function () {
    this.timeout(180_000);
    it('tells filler from topic words', () => {
      const dictionaries = createDictionaries();
      const real: WordContext = { documentFrequency: () => 0, passages: 1, isWordIn: dictionaries.isWordIn, isNameIn: dictionaries.isNameIn, isFunctionWord: isListedFunctionWord, pos: { en: loadWordNetPos(), nl: loadDutchPos() } };
      const k = (w: string) => classifyWord(w, real).kind;
      assert.deepEqual(['eigenlijk', 'zelf', 'nou', 'even', 'still', 'much', 'hey', 'misschien', 'actually', 'iets', 'niets', 'else'].map(k), Array(12).fill('general'));
      assert.deepEqual(['pannenkoek', 'price', 'capital', 'germany', 'licentie', 'prijs', 'kopen', 'salary'].map(k), Array(8).fill('topic'));
      assert.equal(k('onboarding'), 'topic');
    });

    it('the Dutch lexicon checks folded words and knows names', () => {
      const { checker } = loadDutchLexicon();
      assert.deepEqual(['geisoleerd', 'gegevens', 'bewaard', 'eigenlijk', 'pannenkoeken'].map((w) => checker.isWord(w)), [true, true, true, true, true]);
      assert.deepEqual(['opgeslagn', 'bewaartermjn', 'versleutld'].map((w) => checker.isWord(w)), [false, false, false]);
      assert.equal(checker.isName?.('duitsland'), true);
      assert.equal(checker.isName?.('pannenkoek'), false);
    });
  });
});
