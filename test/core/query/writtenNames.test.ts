import { strict as assert } from 'node:assert';
import { writtenNames } from '../../../src/core/query/writtenNames';

describe('writtenNames', () => {
  it('finds a word capitalised mid-sentence, and a camel-case word, with the word as written', () => {
    assert.deepEqual([...writtenNames('Where does Zoom store cloud recordings?')], [['zoom', 'Zoom']]);
    assert.deepEqual([...writtenNames('how do I onboard a macOS device?').keys()], ['macos']);
    // The parts of a hyphenated word are tokens of their own, as the analyzer splits them.
    assert.deepEqual([...writtenNames('Hoe installeer ik de collector op een Linux-server?').keys()], ['linux']);
  });
  it('reads no mark in a capital that grammar puts at the start of a sentence', () => {
    assert.deepEqual([...writtenNames('Where is our data? Alerts are kept how long?').keys()], []);
    assert.deepEqual([...writtenNames('data: Alerts kept long?').keys()], []);
  });
  it('reads no mark in an acronym, which is as often a regulation or a body as a product', () => {
    assert.deepEqual([...writtenNames('is the data handled according to the CCPA and NEN 7510?').keys()], []);
  });
  it('reads no mark when the text writes no word in lower case (Title Case keywords)', () => {
    assert.deepEqual([...writtenNames('Data Residency Europe').keys()], []);
    assert.deepEqual([...writtenNames('Data residency Europe').keys()], ['europe']);
  });
});
