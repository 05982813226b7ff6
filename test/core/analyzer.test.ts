import assert from 'node:assert/strict';
import { isListedFunctionWord, isStopWord, splitCompound, stem, stopWordLanguage, tokenize } from '../../src/core/analyzer';

describe('analyzer', () => {
  it('folds and tokenizes, dropping over-long tokens', () => {
    assert.deepEqual(tokenize('Geïsoleerd, écht?'), ['geisoleerd', 'echt']);
    assert.deepEqual(tokenize(`a ${'x'.repeat(40)} b`), ['a', 'b']);
  });

  it("keeps its own stop lists short, while the maintained lists know more function words", () => {
    assert.equal(isStopWord('andere', 'nl'), false, 'the analyzer keeps "andere" searchable');
    assert.equal(isListedFunctionWord('andere', 'nl'), true);
    assert.equal(isListedFunctionWord('iets', 'nl'), true);
    assert.equal(isListedFunctionWord('else', 'en'), true);
    assert.equal(isListedFunctionWord('iets', 'en'), false);
    assert.equal(isListedFunctionWord('retention', 'en'), false);
  });

  it('names the language whose stop list alone has a token', () => {
    assert.deepEqual(['op', 'if', 'is', 'retention'].map(stopWordLanguage), ['nl', 'en', undefined, undefined]);
  });

  it('splits a Dutch compound into known parts, with a linking s', () => {
    const known = new Set(['gegevens', 'locatie', 'beheerder', 'rechten']);
    assert.deepEqual(splitCompound('gegevenslocatie', (w) => known.has(w)), ['gegevens', 'locatie']);
    assert.deepEqual(splitCompound('beheerdersrechten', (w) => known.has(w)), ['beheerder', 'rechten']);
    assert.deepEqual(splitCompound('pannenkoek', (w) => known.has(w)), []);
  });

  it('stems per language', () => {
    assert.equal(stem('retention', 'en'), stem('retentions', 'en'));
    assert.notEqual(stem('gegevens', 'nl'), 'gegevens');
  });
});
