/**
 * Engine benchmark: index build time, persisted-index load time, answer latency (p50/p99) over many
 * questions in both languages, and resident memory. Times are medians of repeated runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { createTexts } from '../bot/i18n';
import { answer } from '../core/query/answer';
import { warmUpQueryResources } from '../core/query/prepareIndex';
import { fingerprintContent, readIndex, saveIndex } from '../core/indexStore';
import { loadCorpus } from '../core/loadCorpus';
import { buildIndex, type SearchIndex } from '../core/searchIndex';
import { baselineBuild, loadBaselineEngine } from './baselineEngine';

/** Figures of one engine bench run. */
export interface EngineBenchResult {
  contentDirs: string[];
  documents: number;
  passages: number;
  buildMs: number;
  loadMs: { median: number; runs: number[] };
  /** All timed answers; `firstSeen`: the first answer to each question not used for warm-up. */
  answerMs: {
    p50: number;
    p99: number;
    max: number;
    questions: number;
    firstSeen: { p50: number; p99: number; questions: number };
    /** After the timed rounds, more rounds over the same questions: a server that has been answering for a while. */
    warm: { p50: number; p99: number; questions: number; rounds: number };
  };
  rssMb: number;
  /**
   * With a baseline build: its answer times on the same questions, timed in turn with this build's
   * (which of the two goes first alternates per question), and this build's p50 and p99 as ratios of its.
   */
  baseline?: { dir: string; p50: number; p99: number; ratioP50: number; ratioP99: number; warm: { p50: number; p99: number; ratioP50: number; ratioP99: number } };
}

/**
 * Rounds timed after the first three. V8 keeps optimising hot functions over thousands of calls and the
 * per-word memos fill as questions repeat, so the first rounds time a server that has just started; these
 * time one that has been answering for a while (both builds alike). On content/ the median kept falling
 * until about the fifth round over the questions.
 */
const WARM_ROUNDS = 5;

/** A full garbage collection, if the runtime allows one to be requested. */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Not available: timings then include collections of start-up garbage.
  }
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Questions for the latency run, in both languages: the example questions, every section heading, and
 * the opening words of passages (as a user would paste them), spread over the whole corpus.
 */
function benchQuestions(index: SearchIndex, examples: string[], limit: number): string[] {
  const seen = new Set<string>(examples);
  const headings: string[] = [];
  const openings: string[] = [];
  for (const p of index.passages) {
    if (!seen.has(p.heading)) {
      seen.add(p.heading);
      headings.push(p.heading);
    }
    const opening = p.text.split(/\s+/).slice(0, 8).join(' ');
    if (!seen.has(opening)) {
      seen.add(opening);
      openings.push(opening);
    }
  }
  const pool = [...headings, ...openings];
  const step = Math.max(1, Math.floor(pool.length / limit));
  return [...examples, ...pool.filter((_, i) => i % step === 0)].slice(0, limit);
}

/** Runs the engine benchmark on a set of content folders. */
export function runEngineBench(options: { contentDirs: string[]; log?: (s: string) => void; questions?: number; baseline?: string }): EngineBenchResult {
  const log = options.log ?? (() => undefined);
  // A wrong --baseline is reported before minutes of building, not after.
  if (options.baseline) baselineBuild(options.baseline);
  const texts = createTexts();
  const t0 = performance.now();
  const built = buildIndex(loadCorpus(options.contentDirs));
  const buildMs = performance.now() - t0;
  log(`built ${built.documents.length} documents in ${Math.round(buildMs)} ms\n`);

  const dir = mkdtempSync(join(tmpdir(), 'privacy-bot-bench-'));
  const path = join(dir, 'index.json');
  saveIndex(built, path, fingerprintContent(options.contentDirs));
  const loads: number[] = [];
  let loaded: SearchIndex | undefined;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    loaded = readIndex(path);
    loads.push(performance.now() - s);
  }
  rmSync(dir, { recursive: true, force: true });
  loads.sort((a, b) => a - b);
  if (!loaded) throw new Error('the persisted index could not be read back');
  // Answers are timed on the index as a restarted server has it (loaded from disk), after the garbage
  // of building and loading is collected: a server answers long after start-up, not during it.
  const index = loaded;
  // As a server does right after start-up: dictionaries and word classes load before the first question.
  warmUpQueryResources(index);
  const base = options.baseline ? loadBaselineEngine(options.baseline, options.contentDirs) : undefined;
  if (base) log(`baseline: ${base.dir} (${base.passages} passages)\n`);
  collectGarbage();

  const questions = benchQuestions(index, [...texts.examples('en'), ...texts.examples('nl')], options.questions ?? 400);
  // Warm-up on a quarter of the questions: the JIT compiles the hot paths and those passages' sentences
  // are analysed; the other three quarters reach the first timed round unseen.
  for (let round = 0; round < 2; round++) {
    questions.filter((_, i) => i % 4 === 0).forEach((q) => {
      answer(q, { index });
      base?.answer(q);
    });
  }
  // One round over the questions: each answer of this build timed into `mine`, the baseline's into `theirs`,
  // which of the two goes first alternating per question and per round.
  const timeRound = (round: number, mine: number[], theirs: number[], onAnswer?: (ms: number, i: number) => void) => {
    const timeBase = (q: string) => {
      if (!base) return;
      const s = performance.now();
      base.answer(q);
      theirs.push(performance.now() - s);
    };
    questions.forEach((q, i) => {
      if ((i + round) % 2 === 1) timeBase(q);
      const s = performance.now();
      answer(q, { index });
      const ms = performance.now() - s;
      mine.push(ms);
      onAnswer?.(ms, i);
      if ((i + round) % 2 === 0) timeBase(q);
    });
  };
  const times: number[] = [];
  const first: number[] = [];
  const baseTimes: number[] = [];
  for (let round = 0; round < 3; round++) timeRound(round, times, baseTimes, (ms, i) => {
    if (round === 0 && i % 4 !== 0) first.push(ms);
  });
  const warm: number[] = [];
  const warmBase: number[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) timeRound(round, warm, warmBase);
  first.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  baseTimes.sort((a, b) => a - b);
  warm.sort((a, b) => a - b);
  warmBase.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  const baseline = base && {
    dir: base.dir,
    p50: percentile(baseTimes, 50),
    p99: percentile(baseTimes, 99),
    ratioP50: p50 / percentile(baseTimes, 50),
    ratioP99: p99 / percentile(baseTimes, 99),
    warm: {
      p50: percentile(warmBase, 50),
      p99: percentile(warmBase, 99),
      ratioP50: percentile(warm, 50) / percentile(warmBase, 50),
      ratioP99: percentile(warm, 99) / percentile(warmBase, 99),
    },
  };
  return {
    contentDirs: options.contentDirs,
    documents: index.documents.length,
    passages: index.passages.length,
    buildMs,
    loadMs: { median: loads[Math.floor(loads.length / 2)], runs: loads },
    answerMs: {
      p50,
      p99,
      max: times[times.length - 1],
      questions: times.length,
      firstSeen: { p50: percentile(first, 50), p99: percentile(first, 99), questions: first.length },
      warm: { p50: percentile(warm, 50), p99: percentile(warm, 99), questions: warm.length, rounds: WARM_ROUNDS },
    },
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    ...(baseline ? { baseline } : {}),
  };
}

/** A human-readable table of one result. */
export function formatEngineBench(r: EngineBenchResult): string {
  const f = (n: number) => n.toFixed(2);
  return [
    `content: ${r.contentDirs.join(' + ')} (${r.documents} documents, ${r.passages} passages)`,
    `build:   ${Math.round(r.buildMs)} ms`,
    `load:    median ${Math.round(r.loadMs.median)} ms of ${r.loadMs.runs.length} runs`,
    `answer:  p50 ${f(r.answerMs.p50)} ms, p99 ${f(r.answerMs.p99)} ms, max ${f(r.answerMs.max)} ms over ${r.answerMs.questions} answers`,
    `         first time a question is asked: p50 ${f(r.answerMs.firstSeen.p50)} ms, p99 ${f(r.answerMs.firstSeen.p99)} ms over ${r.answerMs.firstSeen.questions}`,
    `         warm (${r.answerMs.warm.rounds} more rounds): p50 ${f(r.answerMs.warm.p50)} ms, p99 ${f(r.answerMs.warm.p99)} ms over ${r.answerMs.warm.questions}`,
    `rss:     ${Math.round(r.rssMb)} MB`,
    ...(r.baseline
      ? [
          `baseline ${r.baseline.dir}: p50 ${f(r.baseline.p50)} ms, p99 ${f(r.baseline.p99)} ms on the same questions, timed in turn`,
          `         this build / baseline: p50 ${f(r.baseline.ratioP50)}x, p99 ${f(r.baseline.ratioP99)}x`,
          `         warm: baseline p50 ${f(r.baseline.warm.p50)} ms, p99 ${f(r.baseline.warm.p99)} ms; this build / baseline: p50 ${f(r.baseline.warm.ratioP50)}x, p99 ${f(r.baseline.warm.ratioP99)}x`,
        ]
      : []),
    '',
  ].join('\n');
}
