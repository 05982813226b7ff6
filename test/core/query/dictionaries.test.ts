import { strict as assert } from 'node:assert';
import { dutchLexiconOf, dutchLexiconSteps, loadDutchLexicon, wordNetSensesOf } from '../../../src/core/query/dictionaries';
import { runStepsPausing } from '../../../src/core/steps';

// A tiny OpenTaal-style pair: two-letter flags, suffix rules tagged with their word class.
const AFF = [
  'FLAG long',
  '#N3 = een .. negentien',
  'SFX Zb Y 1',
  'SFX Zb 0 en/CaCb [^eo]\t\tts:NN2',
  'SFX Vp Y 1',
  'SFX Vp 0 t .\t\tts:VBh',
  'SFX Aa Y 1',
  'SFX Aa 0 e .\t\tts:AJe',
].join('\n');
const DIC = ['8', 'maand/Zb', 'máánden', 'nou', 'geïsoleerd', 'blijf/Vp', 'privé/Aa', 'drie/N3Zb', 'week/Zb'].join('\n');

describe('dutchLexiconOf', () => {
  const { checker, pos } = dutchLexiconOf(AFF, DIC);

  it('reads a plural through its noun entry, not as the flagless stressed spelling that folds to it', () => {
    // OpenTaal lists "máánden" without flags; folded it is "maanden", which would read as closed-class.
    assert.deepEqual(pos('maanden'), { noun: 1, verb: 0, adj: 0, adv: 0, closed: 0 });
    assert.equal(checker.isWord('maanden'), true);
  });

  it('still finds a word only its accented spelling has, and reads a flagless entry as closed-class', () => {
    assert.equal(checker.isWord('geisoleerd'), true);
    assert.equal(pos('geisoleerd')?.closed, 1);
    assert.deepEqual(pos('nou'), { noun: 0, verb: 0, adj: 0, adv: 0, closed: 1 });
  });

  it('reads a numeral (a number flag the affix file documents) as closed-class, like the digits the analyzer drops', () => {
    assert.deepEqual(pos('drie'), { noun: 0, verb: 0, adj: 0, adv: 0, closed: 1 });
    assert.equal(pos('week')?.noun, 1);
  });

  it('traces inflections of plain and accented entries to their class', () => {
    assert.equal(pos('blijft')?.verb, 1);
    assert.equal(pos('prive')?.adj, 1);
    assert.equal(pos('privee')?.adj, 1);
    assert.equal(pos('onbekend'), undefined);
  });
});

describe('dutchLexiconSteps', () => {
  it('pauses between slices of a large word file and reads it as the one-go load does', async () => {
    const many = ['50000', ...Array.from({ length: 50_000 }, (_, i) => `woord${i.toString(36)}/Zb`), 'maand/Zb', 'nou'].join('\n');
    let pauses = 0;
    const stepped = await runStepsPausing(dutchLexiconSteps(AFF, many), async () => void pauses++);
    assert.ok(pauses >= 2, `paused ${pauses} times`);
    const once = dutchLexiconOf(AFF, many);
    for (const w of ['woord1a', 'woord1aen', 'maanden', 'nou', 'onbekend']) assert.deepEqual(stepped.pos(w), once.pos(w), w);
    assert.equal(stepped.checker.isWord('woord1aen'), true);
  });
});

describe('loadDutchLexicon (the shipped OpenTaal files)', () => {
  it('reads common plurals and verb forms the files also list as stressed spellings', () => {
    const { pos } = loadDutchLexicon();
    for (const w of ['maanden', 'jaren']) assert.equal(pos(w)?.noun, 1, w);
    for (const w of ['blijft', 'ziet', 'zegt']) assert.equal(pos(w)?.verb, 1, w);
  });
});

describe('wordNetSensesOf', () => {
  const lines = [
    // Sorted by sense key, as WordNet ships it.
    'amsterdam%1:15:00:: 08950407 1 0',
    'china%1:06:00:: 03018209 2 0',
    'china%1:15:00:: 08860123 1 4',
    'new_york%1:15:00:: 09119277 1 3',
    'zoom%1:04:00:: 00281400 1 0',
    'zoom%2:38:00:: 01945550 1 2',
  ].join('\n');
  it('takes single-word lemmas with a noun.location sense as places', () => {
    assert.deepEqual([...wordNetSensesOf(lines).places].sort(), ['amsterdam', 'china']);
  });
  it('sums each sense\'s tag count plus one per part of speech, in the same pass', () => {
    const { pos } = wordNetSensesOf(lines);
    assert.deepEqual(pos('zoom'), { noun: 1, verb: 3, adj: 0, adv: 0, closed: 0 });
    assert.deepEqual(pos('zooms'), pos('zoom'), 'an inflected form is tried as its lemma');
    assert.deepEqual(pos('new york'), { noun: 4, verb: 0, adj: 0, adv: 0, closed: 0 });
    assert.equal(pos('zorblax'), undefined);
  });
});
