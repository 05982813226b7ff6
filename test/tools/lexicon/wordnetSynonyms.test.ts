import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stem } from '../../../src/core/analyzer';
import { parseDataFile, wordnetSynonyms, type Derivation } from '../../../src/tools/lexicon/wordnetSynonyms';

// A verb synset "erase rub_out" whose word 1 has a derivation pointer to word 1 of noun synset 00000200
// ("erasure"), and whose word 2 to word 2 of it ("wipeout"); a noun synset "erasure wipeout".
const VERB = '00000100 40 v 02 erase 0 rub_out 0 002 + 00000200 n 0101 + 00000200 n 0202 01 + 08 00 | remove; "erase the files"';
const NOUN = '00000200 04 n 02 erasure 0 wipeout 0 002 + 00000100 v 0101 + 00000100 v 0202 | the act of erasing';

describe('lexicon/wordnetSynonyms', () => {
  it('reads a synset\'s lemmas and its derivation pointers with their word numbers', () => {
    const derivations = new Map<string, Derivation[]>();
    const data = parseDataFile(`  licence header\n${VERB}\n`, derivations);
    assert.deepEqual(data.get('00000100'), ['erase', 'rub_out']);
    assert.deepEqual(derivations.get('00000100'), [
      { from: 1, pos: 'noun', offset: '00000200', to: 1 },
      { from: 2, pos: 'noun', offset: '00000200', to: 2 },
    ]);
  });

  it('counts the forms derived from the word itself as its synonyms, when the content uses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wn-'));
    try {
      writeFileSync(join(dir, 'data.verb'), `${VERB}\n`);
      writeFileSync(join(dir, 'data.noun'), `${NOUN}\n`);
      writeFileSync(join(dir, 'data.adj'), '');
      writeFileSync(join(dir, 'data.adv'), '');
      writeFileSync(join(dir, 'index.verb'), 'erase v 1 1 + 1 0 00000100\n');
      writeFileSync(join(dir, 'index.noun'), 'erasure n 1 1 + 1 0 00000200\nwipeout n 1 1 + 1 0 00000200\n');
      writeFileSync(join(dir, 'index.adj'), '');
      writeFileSync(join(dir, 'index.adv'), '');
      writeFileSync(join(dir, 'index.sense'), 'erase%2:40:00:: 00000100 1 5\nerasure%1:04:00:: 00000200 1 2\n');
      const known = new Set([stem('erasure', 'en'), stem('wipeout', 'en')]);
      const table = wordnetSynonyms(dir, (s) => known.has(s), { minSynonym: 0.1, maxSynonyms: 5 });
      // "erase" reaches "erasure" by its own pointer; "wipeout" is the pointer of "rub_out", not of "erase".
      assert.deepEqual(table[stem('erase', 'en')], [[stem('erasure', 'en'), 1]]);
      // In one synset, "erasure" and "wipeout" are synonyms as before.
      assert.deepEqual(table[stem('erasure', 'en')], [[stem('wipeout', 'en'), 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
