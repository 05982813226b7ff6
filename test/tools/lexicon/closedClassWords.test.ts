import { strict as assert } from 'node:assert';
import { closedClassWords, compromiseLexicon } from '../../../src/tools/lexicon/closedClassWords';

describe('lexicon/closedClassWords: closed-class and chat words from compromise', () => {
  it('keeps single words whose every tag is closed-class, or a tense beside one', () => {
    const words = closedClassWords({
      btw: 'Expression',
      whatever: 'Determiner',
      was: ['Copula', 'PastTense'],
      ad: ['Abbreviation', 'Noun'],
      lockbox: 'Singular',
      'excuse me': 'Expression',
      "d'oh": 'Expression',
      x: 'Expression',
      sent: 'PastTense',
    });
    assert.deepEqual(words, ['btw', 'was', 'whatever']);
  });

  it('reads the installed package: chat words in, topic words out', () => {
    const { lexicon, version } = compromiseLexicon();
    assert.match(version, /^\d+\.\d+\.\d+$/);
    const words = new Set(closedClassWords(lexicon));
    for (const w of ['btw', 'lol', 'hey', 'whatever', 'because']) assert.ok(words.has(w), w);
    for (const w of ['data', 'price', 'licence', 'storage']) assert.ok(!words.has(w), w);
  });
});
