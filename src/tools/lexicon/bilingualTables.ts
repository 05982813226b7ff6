/**
 * Turns a trained {@link Model1} into the two learned tables:
 * - translations: a pair's score is the geometric mean of t(en|nl) and t(nl|en), so both directions
 *   must agree (a soft intersection of the two models); pairs seen together fewer than `minCount` times,
 *   or with a rare word, are left out;
 * - paraphrases by pivoting (Bannard & Callison-Burch, 2005): p(e2|e1) = Σ_f p(f|e1) p(e2|f), the
 *   word itself excluded, through links that passed the translation thresholds.
 */
import type { LexiconTable } from '../../core/lexicon';
import type { Lang } from '../../core/types';
import type { Model1 } from './model1';

/** The thresholds that keep noise out; recorded in the provenance file. */
export interface TableParams {
  /** Fewest sentences a word, and a word pair, must occur in. */
  minCount: number;
  /** Lowest translation score kept. */
  minScore: number;
  /** Most translations kept per stem. */
  maxTranslations: number;
  /** Lowest pivot probability kept. */
  minParaphrase: number;
  /** Most paraphrases kept per stem. */
  maxParaphrases: number;
  /** Translation probabilities under this are not followed when pivoting (speed; they add nothing). */
  pivotFloor: number;
}

/** Scores are written with this many decimals, so the files are stable and small. */
export const DECIMALS = 3;

/** Rounds a score for the files. */
export function round(x: number): number {
  const f = 10 ** DECIMALS;
  return Math.round(x * f) / f;
}

function byScoreThenStem(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** A sorted-key table from per-stem candidate lists (best `max` kept, lists left empty dropped). */
function finish(entries: Map<string, [string, number][]>, max: number): LexiconTable {
  const table: LexiconTable = {};
  for (const key of [...entries.keys()].sort()) {
    const list = entries.get(key)!.sort(byScoreThenStem).slice(0, max);
    if (list.length > 0) table[key] = list;
  }
  return table;
}

/** Pair ids grouped by their Dutch word and by their English word. */
function pairsByWord(model: Model1): { byNl: number[][]; byEn: number[][] } {
  const byNl: number[][] = model.bitext.nlVocab.map(() => []);
  const byEn: number[][] = model.bitext.enVocab.map(() => []);
  for (let p = 0; p < model.pairNl.length; p++) {
    byNl[model.pairNl[p]].push(p);
    byEn[model.pairEn[p]].push(p);
  }
  return { byNl, byEn };
}

/** Translation tables in both directions, keyed by the source language. */
export function translationTables(model: Model1, params: TableParams): Record<Lang, LexiconTable> {
  const { bitext, pairNl, pairEn, tNlGivenEn, tEnGivenNl, cooc, nlCount, enCount } = model;
  const fromNl = new Map<string, [string, number][]>();
  const fromEn = new Map<string, [string, number][]>();
  for (let p = 0; p < pairNl.length; p++) {
    const f = pairNl[p];
    const e = pairEn[p];
    if (f === 0 || e === 0 || cooc[p] < params.minCount || nlCount[f] < params.minCount || enCount[e] < params.minCount) continue;
    const score = round(Math.sqrt(tNlGivenEn[p] * tEnGivenNl[p]));
    if (score < params.minScore) continue;
    const nl = bitext.nlVocab[f];
    const en = bitext.enVocab[e];
    (fromNl.get(nl) ?? fromNl.set(nl, []).get(nl)!).push([en, score]);
    (fromEn.get(en) ?? fromEn.set(en, []).get(en)!).push([nl, score]);
  }
  return { nl: finish(fromNl, params.maxTranslations), en: finish(fromEn, params.maxTranslations) };
}

/** Same-language paraphrases of both languages by pivoting through the other one. */
export function paraphraseTables(model: Model1, params: TableParams): Record<Lang, LexiconTable> {
  const { byNl, byEn } = pairsByWord(model);
  const { bitext, pairNl, pairEn, tNlGivenEn, tEnGivenNl, cooc, nlCount, enCount } = model;
  // Only links that are translations themselves are followed: Model 1's raw tables also give some
  // probability to words that merely co-occur ("removable storage"), and a pivot would multiply that noise.
  const usable = (p: number) =>
    pairNl[p] !== 0 && pairEn[p] !== 0 && cooc[p] >= params.minCount && Math.sqrt(tNlGivenEn[p] * tEnGivenNl[p]) >= params.minScore;
  const pivot = (
    sources: number[][],
    targetsOf: number[][],
    there: Float64Array,
    back: Float64Array,
    pivotOf: Int32Array,
    targetOf: Int32Array,
    count: Int32Array,
    vocab: string[],
  ): LexiconTable => {
    const out = new Map<string, [string, number][]>();
    for (let w = 1; w < sources.length; w++) {
      if (count[w] < params.minCount) continue;
      const sum = new Map<number, number>();
      for (const p of sources[w]) {
        if (!usable(p) || there[p] < params.pivotFloor) continue;
        for (const q of targetsOf[pivotOf[p]]) {
          const w2 = targetOf[q];
          if (w2 === w || !usable(q) || back[q] < params.pivotFloor || count[w2] < params.minCount) continue;
          sum.set(w2, (sum.get(w2) ?? 0) + there[p] * back[q]);
        }
      }
      const list: [string, number][] = [];
      for (const [w2, prob] of sum) {
        const score = round(prob);
        if (score >= params.minParaphrase) list.push([vocab[w2], score]);
      }
      if (list.length > 0) out.set(vocab[w], list);
    }
    return finish(out, params.maxParaphrases);
  };
  return {
    // en1 → nl (t(nl|en)) → en2 (t(en|nl)).
    en: pivot(byEn, byNl, tNlGivenEn, tEnGivenNl, pairNl, pairEn, enCount, bitext.enVocab),
    nl: pivot(byNl, byEn, tEnGivenNl, tNlGivenEn, pairEn, pairNl, nlCount, bitext.nlVocab),
  };
}
