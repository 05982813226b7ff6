/**
 * `answer(question, options)`: the query pipeline, one step per module —
 * clean → language → plan (focus, products, concepts, expansion) → retrieve → decide → compose.
 * It returns structure only (decision, lines, citations); the reply's wording is made in src/bot/.
 */
import type { SearchIndex } from '../searchIndex';
import type { Answer, Lang } from '../types';
import { cleanQuestion } from './clean';
import { compose } from './compose';
import { decide, type Decision } from './decide';
import { planQuery, type QueryPlan } from './plan';
import { retrieve, type Hit } from './retrieve';
import { tuningWith, type Tuning } from './tuning';

/** Options of {@link answer}; behaviour is injected, nothing is read from the environment. */
export interface AnswerOptions {
  index: SearchIndex;
  /** Forces the reply language; otherwise it is detected from the question. */
  lang?: Lang;
  /** Language when detection is undecided (a client locale). */
  fallbackLang?: Lang;
  /** Example questions offered when the answer abstains. */
  suggestions?: (lang: Lang) => string[];
  /** Overrides of the tunable numbers (see tuning.ts). */
  tuning?: Partial<Tuning>;
}

/** Everything the pipeline worked out for one question (what `explain` prints). */
export interface Trace {
  question: string;
  /** The language the question is written in. */
  textLang: Lang;
  /** The reply language. */
  lang: Lang;
  plan: QueryPlan;
  hits: Hit[];
  decision: Decision;
  tuning: Tuning;
}

const tunings = new WeakMap<object, Tuning>();

/** Runs the pipeline up to the decision. Never throws for any input text. */
export function analyse(rawQuestion: unknown, options: AnswerOptions): Trace {
  const { index } = options;
  let tuning = options.tuning ? tunings.get(options.tuning) : undefined;
  if (!tuning) {
    tuning = tuningWith(options.tuning);
    if (options.tuning) tunings.set(options.tuning, tuning);
  }
  const question = cleanQuestion(rawQuestion);
  // The question is analysed in the language it is written in; the reply may be forced to another.
  const plan = planQuery(question, index, tuning, { fallback: options.lang ?? options.fallbackLang });
  const textLang = plan.lang;
  const lang = options.lang ?? textLang;
  const hits = retrieve(index, plan, tuning);
  const decision = decide(question, plan, hits, lang, tuning, (id) => index.byId.get(id) ?? []);
  return { question, textLang, lang, plan, hits, decision, tuning };
}

/** The answer a trace leads to. */
export function answerOf(trace: Trace, options: Pick<AnswerOptions, 'index' | 'suggestions'>): Answer {
  const { question, lang, decision } = trace;
  if (decision.kind === 'abstain') {
    return { question, language: lang, answered: false, reason: decision.reason, lines: [], seeAlso: [], citations: [], crossLanguage: false, suggestions: options.suggestions?.(lang) ?? [] };
  }
  const c = compose(options.index, trace.plan, trace.hits, decision.lines, decision.seeAlso, lang, trace.tuning);
  return { question, language: lang, answered: true, lines: c.lines, seeAlso: c.seeAlso, citations: c.citations, crossLanguage: c.crossLanguage, suggestions: [] };
}

/** Answers a question from the index. Never throws for any input text. */
export function answer(rawQuestion: unknown, options: AnswerOptions): Answer {
  return answerOf(analyse(rawQuestion, options), options);
}
