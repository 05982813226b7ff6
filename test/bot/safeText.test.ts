import { strict as assert } from 'node:assert';
import { stripControls } from '../../src/bot/safeText';

describe('stripControls', () => {
  it('removes bidi embeddings, overrides, isolates and marks, C0/C1 controls, and keeps text, tabs and newlines', () => {
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f';
    assert.equal(stripControls(`a${bidi}b\u0000\u0007\u001b[31m\u007f\u0085\u009bc\td\ne`), 'ab[31mc\td\ne');
    assert.equal(stripControls('Waar worden gegevens opgeslagen? 🇳🇱 é'), 'Waar worden gegevens opgeslagen? 🇳🇱 é');
    assert.equal(stripControls('x\ud800y'), 'xy', 'a lone surrogate is dropped');
  });

  it('handles long hostile input (one pass per pattern, no backtracking)', () => {
    const out = stripControls('\u202e<at'.repeat(200_000));
    assert.equal(out.length, 600_000);
    assert.equal(out.includes('\u202e'), false);
  });
});
