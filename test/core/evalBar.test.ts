import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { citationMatches, parseEvalFile, scoreAnswers } from '../../src/core/evaluate';
import { ask, SHARED } from '../helpers/engine';

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

function assertBar(file: string, bar: Bar) {
  const questions = parseEvalFile(readFileSync(file, 'utf8'));
  const report = scoreAnswers(questions, questions.map((q) => ask(q.q)));
  const misses = report.misses.map((m) => `${m.id}: ${m.problem}`).join('\n');
  assert.ok(report.top1 >= bar.top1, `top-1 ${report.top1}\n${misses}`);
  assert.ok(report.recallAt3 >= bar.recallAt3, `recall@3 ${report.recallAt3}\n${misses}`);
  assert.ok(report.languageMatch >= bar.language, `language ${report.languageMatch}\n${misses}`);
  assert.ok(report.outOfScopeAbstained >= report.outOfScope - bar.oosAnswered, `out of scope abstained ${report.outOfScopeAbstained}/${report.outOfScope}\n${misses}`);
  assert.ok(report.answerableAbstained <= bar.wronglyAbstained * report.answerable, `wrongly abstained ${report.answerableAbstained}/${report.answerable}\n${misses}`);
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

  it('meets the bar on this project\'s own question set (different wording from the dev set)', () => {
    assertBar(resolve(__dirname, '../fixtures/questions.extra.jsonl'), { top1: 0.9, recallAt3: 0.93, language: 1, oosAnswered: 1, wronglyAbstained: 0.05 });
  });

  it('meets the bar on the shared development set', function () {
    const file = join(SHARED, 'eval/questions.dev.jsonl');
    // The shared folder sits beside the checkout on every developer machine and in CI.
    if (!existsSync(file)) this.skip();
    assertBar(file, { top1: 0.95, recallAt3: 0.95, language: 1, oosAnswered: 0, wronglyAbstained: 0.03 });
  });
});
