/**
 * Typos: a question word the index does not know is matched against the index vocabulary of both
 * languages (and the product names) within a small, length-aware Damerau edit distance. A correct word of
 * either language is never "corrected" into a domain word: the caller passes a dictionary check
 * (`isWord`, see `dictionaries.ts`), so "stored" stays "stored" even though the corpus only has "store".
 *
 * Speed: a deletion-neighbourhood index (the SymSpell idea: two words within distance d share a string
 * obtained by at most d deletions from each), kept as one sorted Float64Array of `hash × 2^21 + word`,
 * built once per index. A lookup hashes the query's few dozen deletions, binary-searches each and verifies
 * the candidates with a bounded Damerau (optimal string alignment) distance.
 */
import { lowerBound } from '../lowerBound';
import { runSteps, runStepsPausing, type Steps } from '../steps';

/** Tunable numbers of typo correction, with their effect and sane range. */
export const TYPO_DEFAULTS = {
  /** Words up to this length are never corrected (acronyms: mde, mtp). 3–4. */
  shortLength: 3,
  /** Words up to this length get at most one edit; longer ones `longDistance`. 6–8. */
  mediumLength: 7,
  /** Edits allowed for long words. 1–2: 3 turns unrelated long words into each other. */
  longDistance: 2,
  /** Only this many leading letters build the deletion index (SymSpell's prefix length): smaller is leaner, more candidates to verify. 5–9. */
  prefixLength: 7,
  /** Weight of a corrected word relative to the word itself, per edit: weight = 1 − editPenalty × distance. 0.2–0.45. */
  editPenalty: 0.3,
  /** Most corrections returned per word (all at the smallest distance). 1–5. */
  maxSuggestions: 3,
  /** Also try two adjacent tokens written as one word ("bewaart ermijn" → "bewaartermijn"). */
  joinAdjacent: true,
};

/** Options of the typo functions. */
export type TypoOptions = typeof TYPO_DEFAULTS;

/** The vocabulary and its deletion index. Built once per search index; not meant to be serialised (it is cheap to rebuild). */
export interface TypoIndex {
  words: string[];
  /** How common each word is (document frequency), to order equally close corrections. */
  freq: number[];
  /** Sorted `hash × 2^21 + word position`. */
  keys: Float64Array;
  options: TypoOptions;
}

/** One correction of one word. */
export interface Correction {
  /** The vocabulary word. */
  target: string;
  distance: number;
  /** 1 − editPenalty × distance: what the engine multiplies the concept weight by. */
  weight: number;
}

/** Corrections of the question's tokens `[start, end)` (end = start + 2 for a joined pair). */
export interface TokenCorrection {
  start: number;
  end: number;
  word: string;
  corrections: Correction[];
}

const WORD_BITS = 2 ** 21;

/** Most edits allowed for a word of this length. */
export function maxDistance(length: number, options: TypoOptions = TYPO_DEFAULTS): number {
  if (length <= options.shortLength) return 0;
  return length <= options.mediumLength ? 1 : options.longDistance;
}

/** FNV-1a, 32 bits: deletions are stored as hashes; a collision only adds a candidate that verification drops. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The word and every string obtained by deleting up to `depth` letters from it. */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const del = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(del)) {
          out.add(del);
          next.push(del);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Damerau distance (optimal string alignment: a swap of two neighbours counts 1), or `max + 1` as soon
 * as it must exceed `max`.
 */
export function damerau(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * Builds the typo index over a vocabulary: folded words (of both languages, plus product name tokens),
 * each with how common it is. Words with characters other than letters, or too short to correct, are left out.
 */
export function buildTypoIndex(vocabulary: Iterable<[string, number]>, options: Partial<TypoOptions> = {}): TypoIndex {
  return runSteps(typoIndexSteps(vocabulary, options, Infinity));
}

/**
 * The same index as {@link buildTypoIndex}, built `chunk` words at a time with `pause` awaited in between:
 * a replica that loads another's index (about 350 ms of this on the 783-page tree) keeps answering meanwhile.
 */
export async function buildTypoIndexInSteps(vocabulary: Iterable<[string, number]>, pause: () => Promise<void>, options: Partial<TypoOptions> = {}, chunk = 2000): Promise<TypoIndex> {
  return runStepsPausing(typoIndexSteps(vocabulary, options, chunk), pause);
}

/** The build, yielding after every `chunk` words (the deletion keys are most of its work). */
function* typoIndexSteps(vocabulary: Iterable<[string, number]>, options: Partial<TypoOptions>, chunk: number): Steps<TypoIndex> {
  const opt = { ...TYPO_DEFAULTS, ...options };
  const freqOf = new Map<string, number>();
  for (const [w, f] of vocabulary) {
    if (w.length <= opt.shortLength || !/^\p{L}+$/u.test(w)) continue;
    freqOf.set(w, Math.max(f, freqOf.get(w) ?? 0));
  }
  const words = [...freqOf.keys()].sort();
  if (words.length >= WORD_BITS) throw new Error(`typo index: vocabulary of ${words.length} words is too large`);
  const keys: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    for (const d of deletions(w.slice(0, opt.prefixLength), maxDistance(w.length, opt))) keys.push(hash(d) * WORD_BITS + i);
    if ((i + 1) % chunk === 0) yield;
  }
  const sorted = Float64Array.from(keys).sort();
  return { words, freq: words.map((w) => freqOf.get(w) ?? 0), keys: sorted, options: opt };
}

/** A typo index as it crosses from the index worker: the words in one string, the numbers in transferable arrays. */
export interface PackedTypoIndex {
  /** The words joined by newlines (words are letters only). */
  words: string;
  freq: Float64Array;
  keys: Float64Array;
  options: TypoOptions;
}

/** Packs a typo index for `postMessage` (transfer `freq.buffer` and `keys.buffer`). */
export function packTypoIndex(index: TypoIndex): PackedTypoIndex {
  return { words: index.words.join('\n'), freq: Float64Array.from(index.freq), keys: index.keys, options: index.options };
}

/** The typo index a {@link packTypoIndex} result stands for. */
export function unpackTypoIndex(packed: PackedTypoIndex): TypoIndex {
  return { words: packed.words === '' ? [] : packed.words.split('\n'), freq: Array.from(packed.freq), keys: packed.keys, options: packed.options };
}

/** Positions of vocabulary words stored under a deletion hash. */
function lookup(index: TypoIndex, h: number, out: Set<number>): void {
  const lo = h * WORD_BITS;
  const keys = index.keys;
  for (let i = lowerBound(keys.length, (k) => keys[k] < lo); i < keys.length && keys[i] < lo + WORD_BITS; i++) out.add(keys[i] - lo);
}

/**
 * Vocabulary words within the allowed distance of `word`, closest first (then sharing the first letter,
 * then the most common), all at the smallest distance found. [] when the word is in the vocabulary itself
 * (nothing to correct), too short, or not letters.
 */
export function correctWord(word: string, index: TypoIndex): Correction[] {
  const opt = index.options;
  const depth = maxDistance(word.length, opt);
  if (depth === 0 || !/^\p{L}+$/u.test(word)) return [];
  const cands = new Set<number>();
  for (const d of deletions(word.slice(0, opt.prefixLength), depth)) lookup(index, hash(d), cands);
  let best = depth + 1;
  let found: { i: number; d: number }[] = [];
  for (const i of cands) {
    const target = index.words[i];
    if (target === word) return [];
    // Length-aware on both sides: two edits only between two long words.
    const allowed = Math.min(depth, maxDistance(target.length, opt));
    const d = damerau(word, target, allowed);
    if (d > allowed || d > best) continue;
    if (d < best) {
      best = d;
      found = [];
    }
    found.push({ i, d });
  }
  found.sort((x, y) => Number(index.words[y.i][0] === word[0]) - Number(index.words[x.i][0] === word[0]) || index.freq[y.i] - index.freq[x.i] || x.i - y.i);
  return found.slice(0, opt.maxSuggestions).map(({ i, d }) => ({ target: index.words[i], distance: d, weight: Math.max(0, 1 - opt.editPenalty * d) }));
}

/** What {@link correctTokens} needs to know about a token besides the typo index. */
export interface TypoContext {
  /** True when the index knows the folded word (in either language). */
  known: (word: string) => boolean;
  /** True when a dictionary of either language accepts the word: a real word is never corrected. */
  isWord: (word: string) => boolean;
  /** Tokens never corrected (stop words, product names already resolved). */
  skip?: (word: string, position: number) => boolean;
}

/**
 * Corrections for a question's folded tokens: each word the index does not know and no dictionary accepts,
 * and (when `joinAdjacent`) a pair of neighbours that written as one word is known or one edit away
 * from a known word, when one of the two is not a word on its own ("bewaart ermijn").
 */
export function correctTokens(tokens: readonly string[], index: TypoIndex, context: TypoContext): TokenCorrection[] {
  const out: TokenCorrection[] = [];
  const eligible = (w: string, i: number) => !context.known(w) && !(context.skip?.(w, i) ?? false) && !context.isWord(w);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i];
    if (index.options.joinAdjacent && i + 1 < tokens.length) {
      const next = tokens[i + 1];
      const joined = w + next;
      if ((eligible(w, i) || eligible(next, i + 1)) && !(context.skip?.(w, i) || context.skip?.(next, i + 1)) && /^\p{L}+$/u.test(joined)) {
        const exact = context.known(joined);
        const corr = exact ? [{ target: joined, distance: 0, weight: 1 }] : correctWord(joined, index).filter((c) => c.distance <= 1);
        if (corr.length > 0) {
          out.push({ start: i, end: i + 2, word: `${w} ${next}`, corrections: corr });
          i++;
          continue;
        }
      }
    }
    if (!eligible(w, i)) continue;
    const corr = correctWord(w, index);
    if (corr.length > 0) out.push({ start: i, end: i + 1, word: w, corrections: corr });
  }
  return out;
}
