import assert from 'node:assert/strict';
import { tokenize } from '../../../src/core/analyzer';
import { detectLanguage, type LanguageVocabulary } from '../../../src/core/query/detectLanguage';
import { buildProductCatalog, resolveProducts } from '../../../src/core/query/products';
import { realIndex } from '../../helpers/engine';

const VOCAB: LanguageVocabulary = {
  words: {
    nl: new Set(['bewaartermijn', 'gegevens', 'locatie', 'versleuteld', 'cloud', 'tenant', 'defender']),
    en: new Set(['retention', 'location', 'encrypted', 'cloud', 'tenant', 'defender']),
  },
};
const dictionary = (w: string, lang: string) => (lang === 'nl' ? ['retentie', 'eigenlijk'] : ['retention']).includes(w);
const lang = (q: string, extra: Parameters<typeof detectLanguage>[1] = {}) => detectLanguage(tokenize(q), { vocabulary: VOCAB, isWordIn: dictionary, ...extra });

describe('detectLanguage', () => {
  it('decides keyword questions from the vocabulary each language knows', () => {
    assert.equal(lang('bewaartermijn defender').lang, 'nl');
    assert.equal(lang('data location').lang, 'en');
    assert.equal(lang('gegevenslocatie').lang, 'nl', 'a compound of Dutch words');
  });

  it('asks the dictionaries for words neither vocabulary knows', () => {
    const d = lang('mcas retentie');
    assert.equal(d.lang, 'nl');
    assert.deepEqual(d.words.map((w) => [w.word, w.why]), [['retentie', ['dictionary']]]);
    assert.equal(lang('mcas retentie', { isWordIn: undefined }).decidedBy, 'fallback');
  });

  it('counts function words, and shared words count for neither', () => {
    assert.equal(lang('waar staat onze data eigenlijk?').lang, 'nl');
    assert.equal(lang('where is our data?').lang, 'en');
    const shared = lang('cloud tenant data', { fallback: 'nl' });
    assert.deepEqual([shared.lang, shared.decidedBy, shared.nl, shared.en], ['nl', 'fallback', 0, 0]);
  });

  it('takes the language of the sentence frame when its function words lead clearly, however many terms it borrows', () => {
    const english = new Set(['retention', 'location', 'encrypted', 'exposed', 'third', 'party', 'siem', 'rest', 'api']);
    const terms: LanguageVocabulary = { words: { nl: VOCAB.words.nl, en: english } };
    const d = detectLanguage(tokenize('welke data exposed naar onze third party siem via de rest api'), { vocabulary: terms });
    assert.deepEqual([d.lang, d.decidedBy], ['nl', 'frame']);
    assert.ok(d.en > d.nl, 'the English terms outweigh the Dutch frame on the whole evidence');
    assert.equal(detectLanguage(tokenize('welke data exposed naar onze third party siem via de rest api'), { vocabulary: terms }, { frameLead: 99 }).lang, 'en');
    assert.equal(lang('what is the bewaartermijn for our data?').lang, 'en');
  });

  it('reads a stop word of one analyzer as that language and one of both as neither, whatever the index frequencies say', () => {
    // Frequencies as a large English-heavy corpus gives them: the analyzers drop stop words, so these numbers mean nothing.
    const skewed: LanguageVocabulary = {
      ...VOCAB,
      df: { nl: new Map([['so', 40], ['if', 30]]), en: new Map([['is', 900], ['in', 900]]) },
      passages: { nl: 1000, en: 1000 },
    };
    const nl = lang('Wat is eDiscovery in Office?', { vocabulary: skewed });
    assert.equal(nl.lang, 'nl');
    assert.ok(!nl.words.some((w) => w.word === 'is' || w.word === 'in'), 'a stop word of both languages is no evidence');
    const en = lang('so if an alert', { vocabulary: skewed });
    assert.equal(en.lang, 'en');
    assert.ok(en.words.filter((w) => ['so', 'if', 'an'].includes(w.word)).every((w) => w.en > 0 && w.nl === 0));
  });

  it('leaves product names out and counts a one-language alias', () => {
    const tokens = tokenize('Welke gegevens verzamelt Defender for Endpoint?');
    assert.equal(detectLanguage(tokens, { vocabulary: VOCAB, productSpans: [[3, 6]] }).lang, 'nl');
    const spans: [number, number][] = [[0, 3]];
    assert.equal(detectLanguage(tokenize('Defender voor Eindpunt'), { productSpans: spans, aliasLangs: ['nl'] }).lang, 'nl');
    assert.equal(detectLanguage(tokenize('Defender voor Eindpunt'), { productSpans: spans }).decidedBy, 'fallback');
  });

  it('an explicit language wins, the evidence is still reported', () => {
    const d = lang('where is my data stored?', { explicit: 'nl' });
    assert.deepEqual([d.lang, d.decidedBy], ['nl', 'explicit']);
    assert.ok(d.en > d.nl);
  });

  it('never throws on odd input', () => {
    assert.equal(detectLanguage([]).lang, 'en');
    assert.equal(detectLanguage(['', '123', 'constructor'], { fallback: 'nl' }).lang, 'nl');
  });

  it('on the real index: keyword questions and everyday Dutch', () => {
    const { index } = realIndex();
    const langs = index.langs;
    const vocabulary: LanguageVocabulary = {
      words: { nl: langs.nl?.words, en: langs.en?.words },
      df: { nl: langs.nl?.df, en: langs.en?.df },
      passages: { nl: langs.nl?.passages, en: langs.en?.passages },
    };
    const catalog = buildProductCatalog(index.documents, index.passages);
    const detect = (q: string) => {
      const t = tokenize(q);
      return detectLanguage(t, { vocabulary, productSpans: resolveProducts(t, catalog).spans }).lang;
    };
    assert.equal(detect('bewaartermijn defender'), 'nl');
    assert.equal(detect('data location mde'), 'en');
    assert.equal(detect('Microsoft Threat Protection gegevenslocatie'), 'nl');
    assert.equal(detect('waar staat onze data eigenlijk?'), 'nl');
    assert.equal(detect('retention mcas'), 'en');
  });
});
