import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { citationMatches, parseEvalFile, scoreAnswers } from '../../src/core/evaluate';
import { loadCorpus } from '../../src/core/loadCorpus';
import { buildIndex, type SearchIndex } from '../../src/core/searchIndex';
import { ask, CONTENT, SHARED } from '../helpers/engine';

/** A bar per question set: honest thresholds a few points under what the engine measures (README, "Measuring"). */
interface Bar {
  top1: number;
  recallAt3: number;
  language: number;
  /** Out-of-scope questions that may be answered. */
  oosAnswered: number;
  /** Largest share of answerable questions wrongly abstained. */
  wronglyAbstained: number;
}

function assertBar(file: string, bar: Bar, index?: SearchIndex) {
  const questions = parseEvalFile(readFileSync(file, 'utf8'));
  const report = scoreAnswers(questions, questions.map((q) => ask(q.q, undefined, index)));
  const misses = report.misses.map((m) => `${m.id}: ${m.problem}`).join('\n');
  assert.ok(report.top1 >= bar.top1, `top-1 ${report.top1}\n${misses}`);
  assert.ok(report.recallAt3 >= bar.recallAt3, `recall@3 ${report.recallAt3}\n${misses}`);
  assert.ok(report.languageMatch >= bar.language, `language ${report.languageMatch}\n${misses}`);
  assert.ok(report.outOfScopeAbstained >= report.outOfScope - bar.oosAnswered, `out of scope abstained ${report.outOfScopeAbstained}/${report.outOfScope}\n${misses}`);
  assert.ok(report.answerableAbstained <= bar.wronglyAbstained * report.answerable, `wrongly abstained ${report.answerableAbstained}/${report.answerable}\n${misses}`);
}

/** The question sets a bar is held on: the name a test reports, and the file. */
const SETS = {
  train: ['training set (tuned on)', resolve(__dirname, '../fixtures/questions.train.jsonl')],
  validation: ['validation set (never tuned on)', resolve(__dirname, '../fixtures/questions.validation.jsonl')],
  extra: ["this project's extra set", resolve(__dirname, '../fixtures/questions.extra.jsonl')],
  dev: ['shared development set dev', join(SHARED, 'eval/questions.dev.jsonl')],
  dev2: ['shared development set dev2', join(SHARED, 'eval/questions.dev2.jsonl')],
} as const;

/** One test per set with a bar, on the real content index or on the one `index` gives. */
function itMeetsBars(bars: Partial<Record<keyof typeof SETS, Bar>>, index?: () => SearchIndex | undefined): void {
  for (const [key, bar] of Object.entries(bars) as [keyof typeof SETS, Bar][]) {
    const [name, file] = SETS[key];
    it(`meets the bar on the ${name}`, function () {
      // The shared folder sits beside the checkout on every developer machine and in CI.
      if (!existsSync(file)) this.skip();
      this.timeout(60_000);
      assertBar(file, bar, index?.());
    });
  }
}

describe('evaluation', () => {
  it('matches citations by URL path ending and fragment', () => {
    const url = 'https://learn.microsoft.com/nl-nl/cloud-app-security/cas-compliance-trust#data-retention';
    assert.ok(citationMatches({ url }, { page: 'cloud-app-security/cas-compliance-trust', anchors: ['data-retention'] }));
    assert.ok(citationMatches({ url }, { page: 'cloud-app-security/cas-compliance-trust' }));
    assert.ok(!citationMatches({ url }, { page: 'cloud-app-security/cas-compliance-trust', anchors: ['data-location'] }));
    assert.ok(!citationMatches({ url }, { page: 'mtp/data-privacy' }));
  });

  it('scores misses, abstentions and language', () => {
    const qs = parseEvalFile('{"id":"a","lang":"nl","q":"x","expect":null}\n{"id":"b","lang":"en","q":"y","expect":[{"page":"p"}]}\n');
    const base = { question: '', lines: [], seeAlso: [], crossLanguage: false, suggestions: [] };
    const r = scoreAnswers(qs, [
      { ...base, language: 'en', answered: true, citations: [{ n: 1, title: '', section: '', url: 'https://x/p', language: 'en', docId: 'p', anchor: '' }] },
      { ...base, language: 'en', answered: false, reason: 'low-coverage' as const, citations: [] },
    ]);
    assert.equal(r.outOfScopeAbstained, 0);
    assert.equal(r.answerableAbstained, 1);
    assert.equal(r.languageMatch, 0.5);
    assert.equal(r.misses.length, 3);
  });

  it('rejects a malformed evaluation line, naming it', () => {
    assert.throws(() => parseEvalFile('{"q":"x"}\n{'), /line 1/);
  });

  // Bars per set, a few points under what the engine measured when they were set (README, "Measuring").
  // Where the measured value is under the hidden-set bar (recall@3 ≥ 0.9, out of scope abstained
  // ≥ 14/16, wrongly abstained ≤ 8 %), the bar is the measured value less a margin, and README says so.
  itMeetsBars({
    train: { top1: 0.80, recallAt3: 0.87, language: 0.98, oosAnswered: 17, wronglyAbstained: 0.09 },
    validation: { top1: 0.81, recallAt3: 0.88, language: 0.98, oosAnswered: 3, wronglyAbstained: 0.09 },
    extra: { top1: 0.93, recallAt3: 0.93, language: 1, oosAnswered: 2, wronglyAbstained: 0.05 },
    dev: { top1: 0.94, recallAt3: 0.97, language: 1, oosAnswered: 0, wronglyAbstained: 0.03 },
    dev2: { top1: 0.88, recallAt3: 0.93, language: 0.98, oosAnswered: 2, wronglyAbstained: 0.05 },
  });

  // The bar with the 783-page tree indexed beside content/ (README, "Measuring"): the same rule,
  // bars a few points under what was measured.
  describe('with the 783-page tree', function () {
    const TREE = resolve(__dirname, '../../corpora/m365-security-nl-NL');
    let tree: SearchIndex | undefined;
    before(function () {
      if (!existsSync(join(SHARED, 'corpus/m365-security-nl-NL'))) this.skip();
      this.timeout(180_000);
      tree = buildIndex(loadCorpus([CONTENT, TREE]));
    });
    itMeetsBars(
      {
        train: { top1: 0.77, recallAt3: 0.82, language: 0.98, oosAnswered: 16, wronglyAbstained: 0.11 },
        validation: { top1: 0.78, recallAt3: 0.83, language: 0.98, oosAnswered: 4, wronglyAbstained: 0.08 },
        dev: { top1: 0.88, recallAt3: 0.94, language: 0.98, oosAnswered: 1, wronglyAbstained: 0.03 },
        dev2: { top1: 0.68, recallAt3: 0.75, language: 0.98, oosAnswered: 1, wronglyAbstained: 0.09 },
      },
      () => tree,
    );
  });
});
