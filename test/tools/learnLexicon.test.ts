import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseLexicon } from '../../src/core/lexicon';
import { learnLexicon, writeLexicon, type LearnResult } from '../../src/tools/learnLexicon';
import { SHARED } from '../helpers/engine';

const ROOT = resolve(__dirname, '../..');
const COMMITTED = join(ROOT, 'content/lexicon');

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: learned ${JSON.stringify(la[i])}, committed ${JSON.stringify(lb[i])}`;
  }
  return 'no line differs';
}

describe('learnLexicon (npm run learn:lexicon)', function () {
  // Learning reads ~63 000 sentence pairs of the 783-page tree; well under this on an idle machine.
  this.timeout(60_000);
  let result: LearnResult;
  let out: string;

  before(() => {
    assert.ok(existsSync(join(SHARED, 'corpus/m365-security-nl-NL')), `the lexicon is learned from the 783-page tree, expected at ${SHARED}/corpus`);
    result = learnLexicon({ root: ROOT });
    out = mkdtempSync(join(tmpdir(), 'lexicon-'));
    writeLexicon(out, result.files);
  });

  after(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces the committed content/lexicon files byte for byte', () => {
    const committed = readdirSync(COMMITTED).sort();
    assert.deepEqual(readdirSync(out).sort(), committed);
    for (const name of committed) {
      const learned = readFileSync(join(out, name), 'utf8');
      const shipped = readFileSync(join(COMMITTED, name), 'utf8');
      assert.ok(learned === shipped, `${name} is not what the learner writes (${firstDifference(learned, shipped)}); run npm run learn:lexicon`);
    }
  });

  it('records its inputs: every source read, with file counts and hashes', () => {
    const provenance = JSON.parse(result.files['provenance.json']) as {
      inputs: { folder: string; source: string; files: number; sxsFiles: number; pairs: number; sha256: string }[];
      sentencePairs: { read: number; used: number };
    };
    const tree = provenance.inputs.find((i) => i.source === 'm365-security');
    assert.ok(tree && tree.sxsFiles > 700 && tree.pairs > 50_000, JSON.stringify(tree));
    assert.ok(provenance.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256)));
    assert.ok(provenance.sentencePairs.used > 0 && provenance.sentencePairs.used <= provenance.sentencePairs.read);
  });

  it('links the core domain words of both languages', () => {
    const lx = parseLexicon({ translations: result.files['translations.json'] });
    const top = (stem: string, lang: 'nl' | 'en') => lx.translations(stem, lang).map((e) => e.stem);
    assert.ok(top('versleutel', 'nl').includes('encrypt'), top('versleutel', 'nl').join());
    assert.ok(top('opslag', 'nl').includes('storag'), top('opslag', 'nl').join());
    assert.ok(top('verwijder', 'nl').includes('delet'), top('verwijder', 'nl').join());
    assert.ok(top('retent', 'en').includes('bewar'), top('retent', 'en').join());
    assert.ok(top('data', 'en').includes('gegeven'), top('data', 'en').join());
  });
});
