import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stem } from '../../src/core/analyzer';
import { loadLexicon, mergeLexicons, parseLexicon } from '../../src/core/lexicon';
import { loadCorpus } from '../../src/core/loadCorpus';
import { buildIndex, deserializeIndex, serializeIndex } from '../../src/core/searchIndex';
import { parseSourcesManifest } from '../../src/core/sources';
import { DEFAULT_PARAMS, learnFromPairs } from '../../src/tools/learnLexicon';
import { CONTENT } from '../helpers/engine';

const SAMPLE = {
  translations: { nl: { opslag: [['storag', 0.6], ['store', 0.2]] }, en: { storag: [['opslag', 0.6]] } },
  paraphrases: { en: { store: [['save', 0.2]] } },
  synonyms: { en: { eras: [['delet', 0.33]] } },
};

describe('lexicon reader', () => {
  it('looks up each kind and names where an expansion came from', () => {
    const lx = parseLexicon({ ...SAMPLE, translations: JSON.stringify(SAMPLE.translations) });
    assert.deepEqual(lx.translations('opslag', 'nl'), [
      { stem: 'storag', score: 0.6, source: 'lexicon' },
      { stem: 'store', score: 0.2, source: 'lexicon' },
    ]);
    assert.deepEqual(lx.translations('storag', 'en'), [{ stem: 'opslag', score: 0.6, source: 'lexicon' }]);
    assert.deepEqual(lx.paraphrases('store', 'en'), [{ stem: 'save', score: 0.2, source: 'pivot' }]);
    assert.deepEqual(lx.synonyms('eras', 'en'), [{ stem: 'delet', score: 0.33, source: 'wordnet' }]);
    assert.deepEqual(lx.size.translations, { nl: 1, en: 1 });
  });

  it('gives nothing for unknown stems, the wrong language or object-prototype names', () => {
    const lx = parseLexicon(SAMPLE);
    assert.deepEqual(lx.translations('opslag', 'en'), []);
    assert.deepEqual(lx.synonyms('eras', 'nl'), []);
    assert.deepEqual(lx.paraphrases('constructor', 'en'), []);
    assert.deepEqual(lx.translations('__proto__', 'nl'), []);
    assert.deepEqual(parseLexicon({}).translations('opslag', 'nl'), []);
  });

  it('returns copies: a caller cannot change the lexicon', () => {
    const lx = parseLexicon(SAMPLE);
    lx.translations('opslag', 'nl')[0].stem = 'changed';
    assert.equal(lx.translations('opslag', 'nl')[0].stem, 'storag');
  });

  it('rejects bad files with a message that names the field', () => {
    assert.throws(() => parseLexicon({ translations: '{' }), /lexicon translations: is not valid JSON/);
    assert.throws(() => parseLexicon({ translations: { de: {} } }), /translations\.de: language/);
    assert.throws(() => parseLexicon({ synonyms: { en: { eras: [['delet', 1.5]]} } }), /synonyms\.en\.eras\[0\]: score/);
    assert.throws(() => parseLexicon({ synonyms: { en: { eras: 'delet' } } }), /synonyms\.en\.eras: must be an array/);
    assert.throws(() => parseLexicon({ paraphrases: { en: { x: [['', 0.5]] } } }), /stem must be/);
    assert.throws(() => parseLexicon({ paraphrases: { en: { x: Array.from({ length: 21 }, () => ['y', 0.1]) } } }), /at most 20/);
    assert.throws(() => parseLexicon({ paraphrases: { en: { ['a'.repeat(33)]: [] } } }), /key must be/);
  });

  it('merges lexicons of several folders, best score per target', () => {
    const a = parseLexicon(SAMPLE);
    const b = parseLexicon({ translations: { nl: { opslag: [['store', 0.5], ['storehous', 0.1]] } } });
    const m = mergeLexicons([a, b])!;
    assert.deepEqual(m.translations('opslag', 'nl').map((e) => [e.stem, e.score]), [['storag', 0.6], ['store', 0.5], ['storehous', 0.1]]);
    assert.deepEqual(m.synonyms('eras', 'en').map((e) => e.stem), ['delet']);
    assert.equal(mergeLexicons([]), undefined);
  });

  it('reads background frequencies: count and size per language, 0 for a stem it does not list', () => {
    const lx = parseLexicon({ background: JSON.stringify({ en: { units: 100, df: { data: 60, lockbox: 2 } } }) });
    assert.deepEqual(lx.background('data', 'en'), { df: 60, units: 100 });
    assert.deepEqual(lx.background('zorblax', 'en'), { df: 0, units: 100 });
    assert.equal(lx.background('data', 'nl'), undefined);
    assert.equal(parseLexicon(SAMPLE).background('data', 'en'), undefined);
    assert.deepEqual(lx.data.background, { en: { units: 100, df: { data: 60, lockbox: 2 } } });
  });

  it('reads function words per language, keeps them through an index round trip and merges them as a union', () => {
    const lx = parseLexicon({ functionWords: JSON.stringify({ en: ['btw', 'lol'] }) });
    assert.equal(lx.isFunctionWord('btw', 'en'), true);
    assert.equal(lx.isFunctionWord('btw', 'nl'), false);
    assert.equal(lx.isFunctionWord('lockbox', 'en'), false);
    assert.equal(parseLexicon(SAMPLE).isFunctionWord('btw', 'en'), false);
    const m = mergeLexicons([lx, parseLexicon({ functionWords: { en: ['omg', 'btw'] } })])!;
    assert.deepEqual(m.data.functionWords, { en: ['btw', 'lol', 'omg'] });
    assert.deepEqual(parseLexicon(m.data).data.functionWords, { en: ['btw', 'lol', 'omg'] });
    assert.throws(() => parseLexicon({ functionWords: { en: 'btw' } }), /functionWords\.en: must be an array/);
    assert.throws(() => parseLexicon({ functionWords: { de: [] } }), /functionWords\.de: language/);
    assert.throws(() => parseLexicon({ functionWords: { en: [''] } }), /functionWords\.en: words must be/);
    assert.throws(() => parseLexicon({ functionWords: { en: [7] } }), /functionWords\.en: words must be/);
  });

  it('rejects a bad background table, naming the field', () => {
    assert.throws(() => parseLexicon({ background: '[' }), /lexicon background: is not valid JSON/);
    assert.throws(() => parseLexicon({ background: { de: { units: 1, df: {} } } }), /background\.de: language/);
    assert.throws(() => parseLexicon({ background: { en: { units: 0, df: {} } } }), /background\.en\.units/);
    assert.throws(() => parseLexicon({ background: { en: { units: 10, df: { data: 11 } } } }), /background\.en\.df\.data/);
    assert.throws(() => parseLexicon({ background: { en: { units: 10, df: { data: 1.5 } } } }), /background\.en\.df\.data/);
    assert.throws(() => parseLexicon({ background: { en: { units: 10, df: { ['a'.repeat(33)]: 1 } } } }), /stems must be/);
    assert.throws(() => parseLexicon({ background: { en: { units: 10, df: [] } } }), /background\.en\.df/);
  });

  it('merges backgrounds by keeping the larger collection per language', () => {
    const small = parseLexicon({ background: { en: { units: 10, df: { data: 5 } }, nl: { units: 50, df: { gegeven: 20 } } } });
    const large = parseLexicon({ background: { en: { units: 1000, df: { data: 400 } } } });
    const m = mergeLexicons([small, large])!;
    assert.deepEqual(m.background('data', 'en'), { df: 400, units: 1000 });
    assert.deepEqual(m.background('gegeven', 'nl'), { df: 20, units: 50 });
  });

  it('loads the shipped lexicon folder', () => {
    const lx = loadLexicon(join(CONTENT, 'lexicon'));
    assert.ok((lx.size.translations.nl ?? 0) > 1000 && (lx.size.synonyms.en ?? 0) > 100, JSON.stringify(lx.size));
    // The shipped background is learned from ~38 000 sentences; "data" is in thousands of them.
    const data = lx.background('data', 'en');
    assert.ok(data && data.units > 30_000 && data.df > 1000, JSON.stringify(data));
    assert.throws(() => loadLexicon(join(CONTENT, 'no-such-lexicon')), /does not exist/);
  });
});

describe('lexicon in the corpus and the index', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lexicon-corpus-'));
    writeFileSync(join(dir, 'page.md'), '---\ntitle: T\nms.contentlocale: en-US\n---\n# T\n\nData is stored in Europe.\n');
    mkdirSync(join(dir, 'lex'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = (extra: object) =>
    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ ...extra, sources: [{ id: 'p', files: ['page.md'], url: { en: 'https://x.test/p' } }] }));

  it('is read through sources.json and survives serialising the index', () => {
    manifest({ lexicon: 'lex' });
    writeFileSync(join(dir, 'lex', 'translations.json'), JSON.stringify(SAMPLE.translations));
    const corpus = loadCorpus([dir]);
    assert.deepEqual(corpus.problems, []);
    assert.equal(corpus.lexicon?.translations('opslag', 'nl')[0].stem, 'storag');
    const index = buildIndex(corpus, () => new Date(0));
    const restored = deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(index))));
    assert.deepEqual(restored.lexicon?.translations('opslag', 'nl'), index.lexicon?.translations('opslag', 'nl'));
    assert.notEqual(index.contentHash, buildIndex({ ...corpus, lexicon: undefined }).contentHash);
  });

  it('reports a corrupt lexicon as a load problem and still loads the pages', () => {
    manifest({ lexicon: 'lex' });
    writeFileSync(join(dir, 'lex', 'synonyms.json'), '{"en": {"x": [["y", 7]]}}');
    const corpus = loadCorpus([dir]);
    assert.equal(corpus.lexicon, undefined);
    assert.equal(corpus.documents.length, 1);
    assert.match(corpus.problems[0].reason, /score must be a number/);
  });

  it('takes only a relative folder name in the manifest', () => {
    assert.equal(parseSourcesManifest('{"lexicon": "lexicon", "sources": []}').lexicon, 'lexicon');
    assert.throws(() => parseSourcesManifest('{"lexicon": "/etc", "sources": []}'), /lexicon: must be a relative path/);
    assert.throws(() => parseSourcesManifest('{"lexicon": 5, "sources": []}'), /lexicon: must be a non-empty string/);
  });

  it('is absent when no manifest names one', () => {
    manifest({});
    const corpus = loadCorpus([dir]);
    assert.equal(corpus.lexicon, undefined);
    assert.equal(buildIndex(corpus).lexicon, undefined);
  });
});

describe('learning from a tiny parallel corpus', () => {
  const pairs = [
    { nl: 'De gegevens worden versleuteld.', en: 'The data is encrypted.' },
    { nl: 'De gegevens worden opgeslagen.', en: 'The data is stored.' },
    { nl: 'Logboeken worden versleuteld.', en: 'Logs are encrypted.' },
    { nl: 'Logboeken worden opgeslagen.', en: 'Logs are stored.' },
  ];
  const learned = learnFromPairs(pairs, { ...DEFAULT_PARAMS, minCount: 2 });
  const nl = (w: string) => stem(w, 'nl');
  const en = (w: string) => stem(w, 'en');
  const best = (table: Record<string, [string, number][]> | undefined, key: string) => table?.[key]?.[0]?.[0];

  it('links each Dutch word to its English translation, and back', () => {
    const links: [string, string][] = [['gegevens', 'data'], ['versleuteld', 'encrypted'], ['opgeslagen', 'stored'], ['logboeken', 'logs']];
    for (const [d, e] of links) {
      assert.equal(best(learned.translations.nl, nl(d)), en(e), `${d} → ${JSON.stringify(learned.translations.nl[nl(d)])}`);
      assert.equal(best(learned.translations.en, en(e)), nl(d), `${e} → ${JSON.stringify(learned.translations.en[en(e)])}`);
    }
  });

  it('scores in 0–1, stop words never become entries, and words seen too rarely are left out', () => {
    for (const table of Object.values(learned.translations)) {
      for (const list of Object.values(table)) for (const [, s] of list) assert.ok(s > 0 && s <= 1);
    }
    assert.equal(learned.translations.nl.worden, undefined);
    assert.equal(learned.translations.en.the, undefined);
    const strict = learnFromPairs(pairs, { ...DEFAULT_PARAMS, minCount: 3 });
    assert.deepEqual(strict.translations, { nl: {}, en: {} });
  });

  it('pivots to other words only: two Dutch words with one English translation become paraphrases', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const [key, list] of Object.entries(learned.paraphrases[lang])) assert.ok(list.every(([s]) => s !== key));
    }
    const withSynonym = learnFromPairs(
      [...pairs, { nl: 'Logboeken worden bewaard.', en: 'Logs are stored.' }, { nl: 'De gegevens worden bewaard.', en: 'The data is stored.' }],
      { ...DEFAULT_PARAMS, minCount: 2 },
    );
    assert.ok(withSynonym.paraphrases.nl[nl('opgeslagen')]?.some(([s]) => s === nl('bewaard')), JSON.stringify(withSynonym.paraphrases.nl));
  });
});
