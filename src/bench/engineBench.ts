/**
 * Engine benchmark: index build time, persisted-index load time, answer latency (p50/p99) over many
 * questions in both languages, and resident memory. Times are medians of repeated runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTexts } from '../bot/i18n';
import { answer } from '../core/answer';
import { fingerprintContent, readIndex, saveIndex } from '../core/indexStore';
import { loadCorpus } from '../core/loadCorpus';
import { buildIndex, type SearchIndex } from '../core/searchIndex';

/** Figures of one engine bench run. */
export interface EngineBenchResult {
  contentDirs: string[];
  documents: number;
  passages: number;
  buildMs: number;
  loadMs: { median: number; runs: number[] };
  answerMs: { p50: number; p99: number; max: number; questions: number };
  rssMb: number;
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Questions for the latency run: example questions plus every section heading, in both languages. */
function benchQuestions(index: SearchIndex, examples: string[], limit: number): string[] {
  const qs = [...examples];
  const seen = new Set<string>();
  for (const p of index.passages) {
    if (seen.has(p.heading)) continue;
    seen.add(p.heading);
    qs.push(p.heading);
    if (qs.length >= limit) break;
  }
  return qs;
}

/** Runs the engine benchmark on a set of content folders. */
export function runEngineBench(options: { contentDirs: string[]; log?: (s: string) => void; questions?: number }): EngineBenchResult {
  const log = options.log ?? (() => undefined);
  const texts = createTexts();
  const t0 = performance.now();
  const corpus = loadCorpus(options.contentDirs);
  const index = buildIndex(corpus);
  const buildMs = performance.now() - t0;
  log(`built ${index.documents.length} documents in ${Math.round(buildMs)} ms\n`);

  const dir = mkdtempSync(join(tmpdir(), 'privacy-bot-bench-'));
  const path = join(dir, 'index.json');
  saveIndex(index, path, fingerprintContent(options.contentDirs));
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    readIndex(path);
    loads.push(performance.now() - s);
  }
  rmSync(dir, { recursive: true, force: true });
  loads.sort((a, b) => a - b);

  const questions = benchQuestions(index, [...texts.examples('en'), ...texts.examples('nl')], options.questions ?? 400);
  // Warm-up: the first answers pay for JIT compilation and stem caches.
  for (const q of questions.slice(0, 50)) answer(q, { index, translate: texts.t });
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of questions) {
      const s = performance.now();
      answer(q, { index, translate: texts.t });
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  return {
    contentDirs: options.contentDirs,
    documents: index.documents.length,
    passages: index.passages.length,
    buildMs,
    loadMs: { median: loads[Math.floor(loads.length / 2)], runs: loads },
    answerMs: { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1], questions: times.length },
    rssMb: process.memoryUsage().rss / 1024 / 1024,
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
    `rss:     ${Math.round(r.rssMb)} MB`,
    '',
  ].join('\n');
}
