import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { citationMatches, parseEvalFile, QUESTION_FORMS, type EvalQuestion } from '../../src/core/evaluate';
import { realIndex } from '../helpers/engine';

const FIXTURES = resolve(__dirname, '../fixtures');

/** The project's own question sets (test/fixtures/README.md) with their id prefix and minimum size. */
const SETS = [
  { file: 'questions.train.jsonl', prefix: 'train', min: 150 },
  { file: 'questions.validation.jsonl', prefix: 'val', min: 60 },
  { file: 'questions.holdout.jsonl', prefix: 'hold', min: 80 },
];

const load = (file: string): EvalQuestion[] => parseEvalFile(readFileSync(resolve(FIXTURES, file), 'utf8'));

/** Every citation URL (with `#anchor`) the real content can produce. */
function citableUrls(): string[] {
  const urls = new Set<string>();
  for (const doc of realIndex().corpus.documents) {
    for (const p of doc.passages) for (const url of Object.values(doc.url)) if (url) urls.add(`${url}#${p.anchor}`);
  }
  return [...urls];
}

const normalise = (q: string) => q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe('evaluation question forms', () => {
  it('keeps a known "form" and rejects an unknown one, naming the line', () => {
    const ok = parseEvalFile('{"id":"a","lang":"nl","q":"x","expect":null,"form":"oos-far"}\n');
    assert.equal(ok[0].form, 'oos-far');
    assert.equal(parseEvalFile('{"id":"b","lang":"en","q":"y","expect":null}\n')[0].form, undefined);
    assert.throws(() => parseEvalFile('{"id":"a","lang":"nl","q":"x","expect":null}\n{"id":"c","lang":"en","q":"z","expect":null,"form":"slang"}'), /line 2: "form"/);
  });
});

describe('project question sets (train / validation / holdout)', () => {
  const urls = citableUrls();

  for (const set of SETS) {
    describe(set.file, () => {
      before(function () {
        if (!existsSync(resolve(FIXTURES, set.file))) this.skip();
      });

      it(`has at least ${set.min} questions with unique ids of the form ${set.prefix}-<lang>-NNN`, () => {
        const qs = load(set.file);
        assert.ok(qs.length >= set.min, `${qs.length} questions`);
        const ids = new Set(qs.map((q) => q.id));
        assert.equal(ids.size, qs.length, 'duplicate id');
        for (const q of qs) assert.match(q.id, new RegExp(`^${set.prefix}-${q.lang}-\\d{3}$`), q.id);
      });

      it('names a form for every question, out of scope exactly when the form says so', () => {
        for (const q of load(set.file)) {
          assert.ok(q.form && QUESTION_FORMS.includes(q.form), `${q.id}: form ${q.form}`);
          assert.equal(q.expect === null, q.form.startsWith('oos-'), `${q.id}: form ${q.form} vs expect`);
        }
      });

      it('expects only sections the content really has', () => {
        for (const q of load(set.file)) {
          for (const e of q.expect ?? []) {
            assert.ok(e.page.length > 0, q.id);
            for (const anchor of e.anchors ?? ['']) {
              const one = anchor ? { page: e.page, anchors: [anchor] } : { page: e.page };
              assert.ok(urls.some((url) => citationMatches({ url }, one)), `${q.id}: no section ${e.page}#${anchor}`);
            }
          }
        }
      });
    });
  }

  it('keeps the held-out set at its fixed composition: 80 questions, 40 per language, 16 out of scope (8 near, 8 far)', function () {
    if (!existsSync(resolve(FIXTURES, 'questions.holdout.jsonl'))) this.skip();
    const qs = load('questions.holdout.jsonl');
    const count = (pick: (q: EvalQuestion) => boolean) => qs.filter(pick).length;
    assert.equal(qs.length, 80);
    assert.equal(count((q) => q.lang === 'nl'), 40);
    assert.equal(count((q) => q.expect === null), 16);
    assert.equal(count((q) => q.form === 'oos-near'), 8);
    assert.equal(count((q) => q.form === 'oos-far'), 8);
  });

  // Each later set is checked against every earlier one: validation against training, holdout against both.
  for (let i = 1; i < SETS.length; i++) {
    const earlier = SETS.slice(0, i);
    it(`shares no question between ${SETS[i].file} and ${earlier.map((s) => s.file).join(', ')}`, function () {
      if (!SETS.slice(0, i + 1).every((s) => existsSync(resolve(FIXTURES, s.file)))) this.skip();
      const seen = new Set(earlier.flatMap((s) => load(s.file).map((q) => normalise(q.q))));
      const shared = load(SETS[i].file).filter((q) => seen.has(normalise(q.q)));
      assert.deepEqual(shared.map((q) => q.id), []);
    });
  }
});
