/**
 * `privacy-bot calibrate --questions FILE`: sweeps the abstention gate's threshold over a question set
 * and prints, per threshold, top-1, recall@3, out-of-scope abstained and answerable wrongly abstained —
 * the trade-off the threshold in tuning.ts is chosen from. Run it on the TRAINING set only.
 */
import { analyse, answerOf, type AnswerOptions } from '../core/query/answer';
import type { Tuning } from '../core/query/tuning';
import { scoreAnswers, type EvalQuestion, type EvalReport } from '../core/evaluate';

/** One row of the sweep. */
export interface CalibrationRow {
  threshold: number;
  report: Omit<EvalReport, 'misses'>;
}

/** Scores the set at each threshold (other tuning fields as given). */
export function calibrate(questions: EvalQuestion[], options: AnswerOptions, thresholds: number[], base: Partial<Tuning> = {}): CalibrationRow[] {
  return thresholds.map((threshold) => {
    const tuning = { ...base, gateThreshold: threshold };
    const answers = questions.map((q) => answerOf(analyse(q.q, { ...options, tuning }), options));
    const report: Partial<EvalReport> = scoreAnswers(questions, answers);
    delete report.misses;
    return { threshold, report: report as CalibrationRow['report'] };
  });
}

/** The sweep as a table. */
export function formatCalibration(rows: CalibrationRow[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(6);
  const out = ['threshold   top-1  rec@3   lang  OOS abst.  wrongly abst.'];
  for (const { threshold, report: r } of rows) {
    out.push(`${threshold.toFixed(2).padStart(9)} ${pct(r.top1)} ${pct(r.recallAt3)} ${pct(r.languageMatch)}  ${`${r.outOfScopeAbstained}/${r.outOfScope}`.padStart(9)}  ${`${r.answerableAbstained}/${r.answerable}`.padStart(13)}`);
  }
  return `${out.join('\n')}\n`;
}
