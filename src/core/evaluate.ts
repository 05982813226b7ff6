/**
 * Scores answers against an evaluation file (one JSON question per line, format of shared/eval/README.md):
 * top-1, recall@3, language match, out-of-scope abstained, answerable wrongly abstained.
 */
import type { Answer, Citation } from './types';

/** One expected citation: the URL path ends with `page`, and the fragment is one of `anchors` when given. */
export interface Expectation {
  page: string;
  anchors?: string[];
}

/** How a question is worded (test/fixtures/README.md): lets a report break scores down by form. */
export const QUESTION_FORMS = ['plain', 'chatty', 'typo', 'keywords', 'alias', 'synonym', 'mixed', 'oos-near', 'oos-far'] as const;

/** One of {@link QUESTION_FORMS}. */
export type QuestionForm = (typeof QUESTION_FORMS)[number];

/** One evaluation question. `expect: null` means out of scope. */
export interface EvalQuestion {
  id: string;
  lang: 'nl' | 'en';
  q: string;
  expect: Expectation[] | null;
  /** Optional wording form; the shared dev sets have none. */
  form?: QuestionForm;
}

/** A question that was not answered as expected, and why. */
export interface EvalMiss {
  id: string;
  question: string;
  problem: string;
  got: string[];
}

/** Aggregate scores. Ratios are 0–1; counts are absolute. */
export interface EvalReport {
  questions: number;
  answerable: number;
  outOfScope: number;
  top1: number;
  recallAt3: number;
  languageMatch: number;
  outOfScopeAbstained: number;
  answerableAbstained: number;
  misses: EvalMiss[];
}

/** Parses an evaluation file; throws naming the line of a malformed entry. */
export function parseEvalFile(text: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let q: EvalQuestion;
    try {
      q = JSON.parse(line) as EvalQuestion;
    } catch (err) {
      throw new Error(`line ${i + 1}: not JSON (${(err as Error).message})`, { cause: err });
    }
    if (typeof q.q !== 'string' || (q.lang !== 'nl' && q.lang !== 'en') || (q.expect !== null && !Array.isArray(q.expect))) {
      throw new Error(`line ${i + 1}: needs "q", "lang" (nl|en) and "expect" (array or null)`);
    }
    if (q.form !== undefined && !(QUESTION_FORMS as readonly unknown[]).includes(q.form)) {
      throw new Error(`line ${i + 1}: "form" must be one of ${QUESTION_FORMS.join(', ')}`);
    }
    out.push({ ...q, id: String(q.id ?? `line-${i + 1}`) });
  });
  return out;
}

/** True when a citation satisfies one expectation. */
export function citationMatches(citation: Pick<Citation, 'url'>, expect: Expectation): boolean {
  let url: URL;
  try {
    url = new URL(citation.url);
  } catch {
    return false;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith(expect.page.replace(/^\/+|\/+$/g, ''))) return false;
  if (!expect.anchors || expect.anchors.length === 0) return true;
  return expect.anchors.includes(decodeURIComponent(url.hash.replace(/^#/, '')));
}

const anyMatch = (c: Citation, expect: Expectation[]) => expect.some((e) => citationMatches(c, e));

/** Scores answers (same order as the questions). */
export function scoreAnswers(questions: EvalQuestion[], answers: Answer[]): EvalReport {
  let top1 = 0;
  let recall3 = 0;
  let langOk = 0;
  let oosAbstained = 0;
  let wronglyAbstained = 0;
  const misses: EvalMiss[] = [];
  questions.forEach((q, i) => {
    const a = answers[i];
    const got = a.citations.slice(0, 3).map((c) => c.url);
    if (a.language === q.lang) langOk++;
    else misses.push({ id: q.id, question: q.q, problem: `replied in ${a.language}, expected ${q.lang}`, got });
    if (q.expect === null) {
      if (!a.answered) oosAbstained++;
      else misses.push({ id: q.id, question: q.q, problem: 'out of scope but answered', got });
      return;
    }
    if (!a.answered) {
      wronglyAbstained++;
      misses.push({ id: q.id, question: q.q, problem: 'answerable but abstained', got });
      return;
    }
    const first = a.citations[0] !== undefined && anyMatch(a.citations[0], q.expect);
    const inTop3 = a.citations.slice(0, 3).some((c) => anyMatch(c, q.expect as Expectation[]));
    if (first) top1++;
    if (inTop3) recall3++;
    if (!first) misses.push({ id: q.id, question: q.q, problem: inTop3 ? 'right citation not first' : 'no right citation in top 3', got });
  });
  const answerable = questions.filter((q) => q.expect !== null).length;
  const oos = questions.length - answerable;
  return {
    questions: questions.length,
    answerable,
    outOfScope: oos,
    top1: answerable ? top1 / answerable : 1,
    recallAt3: answerable ? recall3 / answerable : 1,
    languageMatch: questions.length ? langOk / questions.length : 1,
    outOfScopeAbstained: oosAbstained,
    answerableAbstained: wronglyAbstained,
    misses,
  };
}
