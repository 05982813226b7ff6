/**
 * Extractive summarising: from a passage, the sentence that covers the question best, with the lines it
 * introduces (a sentence ending in ":" followed by a list) or one sentence of context when it is short.
 */
import type { QueryPlan } from './plan';
import type { Lang } from '../types';

/** Longest extract, in characters; longer ones are cut at a word and marked with an ellipsis. */
export const MAX_EXTRACT = 450;

// A sentence ends at . ! ? followed by space and an upper-case letter, digit or opening quote.
const BOUNDARY = /(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“‘(])/u;
// Abbreviations after which a full stop does not end a sentence.
const ABBREV = /\b(?:e\.g|i\.e|bijv|bv|o\.a|d\.w\.z|m\.a\.w|etc|vs|incl|excl|ca|nr|Inc|Ltd)\.$/i;

/** Splits passage text into sentences; each line (list item, table row) is at least one sentence. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let pending = '';
    for (const piece of line.split(BOUNDARY)) {
      pending = pending ? `${pending} ${piece}` : piece;
      if (!ABBREV.test(pending)) {
        out.push(pending.trim());
        pending = '';
      }
    }
    if (pending.trim()) out.push(pending.trim());
  }
  return out.filter((s) => s !== '');
}

/** How a sentence is turned into stems (the index's own analysis, so compounds count as they do there). */
export type Stemmer = (text: string, lang: Lang) => string[];

function sentenceScore(stems: Set<string>, lang: Lang, plan: QueryPlan): number {
  let score = 0;
  for (const c of plan.concepts) {
    let best = 0;
    for (const a of c.alts) if (a.lang === lang && stems.has(a.stem)) best = Math.max(best, a.weight);
    score += c.weight * best;
  }
  return score;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > max * 0.6 ? space : max).replace(/[\s,;:]+$/, '')}…`;
}

type Analysed = { sentences: string[]; stems: Set<string>[] };
// Per stemmer (one per index: its vocabulary decides compound splits), a bounded cache of passages.
const analysedCache = new WeakMap<Stemmer, Map<string, Analysed>>();
const CACHE_LIMIT = 2000;

/** A passage's sentences and their stems; passages are immutable, so this is cached. */
function analysed(text: string, lang: Lang, stemmer: Stemmer): Analysed {
  let cache = analysedCache.get(stemmer);
  if (!cache) analysedCache.set(stemmer, (cache = new Map()));
  const key = `${lang}\0${text}`;
  let hit = cache.get(key);
  if (!hit) {
    const sentences = splitSentences(text);
    hit = { sentences, stems: sentences.map((s) => new Set(stemmer(s, lang))) };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Analyses every passage ahead, when the cache holds them all (a corpus of up to 2,000 passages, such
 * as the four declared pages): the first answer quoting a passage then costs what the others do. A
 * larger corpus is left to fill the cache as questions come. Returns whether it analysed them.
 */
export function analyseAhead(passages: readonly { text: string; lang: Lang }[], stemmer: Stemmer): boolean {
  if (passages.length > CACHE_LIMIT) return false;
  for (const p of passages) analysed(p.text, p.lang, stemmer);
  return true;
}

/** The best short extract of a passage for the question, in the passage's language. */
export function extract(text: string, lang: Lang, plan: QueryPlan, stemmer: Stemmer, max = MAX_EXTRACT): string {
  const { sentences, stems } = analysed(text, lang, stemmer);
  if (sentences.length === 0) return '';
  let best = 0;
  let bestScore = -1;
  sentences.forEach((_s, i) => {
    const score = sentenceScore(stems[i], lang, plan);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const parts = [sentences[best]];
  // A pseudo-heading ("At contract termination or expiration:") gives the sentence its context.
  if (best > 0 && sentences[best - 1].endsWith(':') && sentences[best - 1].length < 60) parts.unshift(sentences[best - 1]);
  let next = best + 1;
  if (sentences[best].endsWith(':')) {
    // A lead-in: the list it introduces is the answer.
    const items: string[] = [];
    while (next < sentences.length && items.join('; ').length < max) items.push(sentences[next++].replace(/[.;]$/, ''));
    if (items.length) parts.push(items.join('; ') + '.');
  } else if (parts.join(' ').length < 140 && next < sentences.length) {
    parts.push(sentences[next]);
  }
  return cut(parts.join(' '), max);
}
