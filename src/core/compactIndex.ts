/**
 * Compact on-disk forms of the two big parts of an index, so a restart parses less JSON:
 * passages as columns (strings interned, ids derived) and lunr's inverted index as arrays of refs.
 * Both round-trip exactly; lunr's field vectors keep lunr's own serialised form.
 */
import { passageId } from './passageId';
import lunr from 'lunr';
import type { Lang, Passage } from './types';
import type { Steps } from './steps';

/** Passages as parallel columns. */
export interface PassageColumns {
  docs: string[];
  strings: string[];
  doc: number[];
  anchor: number[];
  ordinal: number[];
  /** One character per passage: n (nl) or e (en). */
  lang: string;
  heading: number[];
  text: string[];
  /** One character per passage: 1 aligned, 0 not. */
  aligned: string;
}

/** Passages → columns. */
export function passagesToColumns(passages: Passage[]): PassageColumns {
  const docs: string[] = [];
  const docIx = new Map<string, number>();
  const strings: string[] = [];
  const strIx = new Map<string, number>();
  const intern = (s: string) => {
    let i = strIx.get(s);
    if (i === undefined) strIx.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const c: PassageColumns = { docs, strings, doc: [], anchor: [], ordinal: [], lang: '', heading: [], text: [], aligned: '' };
  for (const p of passages) {
    let d = docIx.get(p.docId);
    if (d === undefined) docIx.set(p.docId, (d = docs.push(p.docId) - 1));
    c.doc.push(d);
    c.anchor.push(intern(p.anchor));
    c.ordinal.push(p.ordinal);
    c.heading.push(intern(p.heading));
    c.text.push(p.text);
  }
  c.lang = passages.map((p) => (p.lang === 'nl' ? 'n' : 'e')).join('');
  c.aligned = passages.map((p) => (p.aligned ? '1' : '0')).join('');
  return c;
}

/** Columns → passages. */
export function columnsToPassages(c: PassageColumns): Passage[] {
  const out: Passage[] = new Array(c.doc.length);
  for (let i = 0; i < c.doc.length; i++) {
    const docId = c.docs[c.doc[i]];
    const anchor = c.strings[c.anchor[i]];
    const ordinal = c.ordinal[i];
    const lang: Lang = c.lang[i] === 'n' ? 'nl' : 'en';
    out[i] = { id: passageId(docId, anchor, ordinal), docId, anchor, ordinal, lang, heading: c.strings[c.heading[i]], text: c.text[i], aligned: c.aligned[i] === '1' };
  }
  return out;
}

/**
 * lunr's own serialised form with `1` in place of each posting's empty metadata object: lunr only takes
 * the keys of posting metadata and no metadata is whitelisted, so the two are equivalent, and a million
 * fewer objects makes loading much faster.
 */
export interface CompactLunr {
  version: string;
  fields: string[];
  fieldVectors: [string, number[]][];
  invertedIndex: [string, Record<string, number | Record<string, number>>][];
  pipeline: string[];
}

/** lunr index → compact serialised form. */
export function compactLunr(index: lunr.Index): CompactLunr {
  const json = index.toJSON() as unknown as CompactLunr & { invertedIndex: [string, Record<string, unknown>][] };
  const invertedIndex = json.invertedIndex.map(([term, posting]) => {
    const out: Record<string, number | Record<string, number>> = { _index: posting._index as number };
    for (const f of json.fields) {
      const refs: Record<string, number> = {};
      for (const ref of Object.keys(posting[f] as object)) refs[ref] = 1;
      out[f] = refs;
    }
    return [term, out] as [string, Record<string, number | Record<string, number>>];
  });
  return { version: json.version, fields: json.fields, fieldVectors: json.fieldVectors, invertedIndex, pipeline: [] };
}

/** lunr's token-set builder, which its type declarations leave out (lunr.Index.load uses it). */
const TokenSetBuilder = (lunr.TokenSet as unknown as { Builder: new () => { insert(word: string): void; finish(): void; root: lunr.TokenSet } }).Builder;

/**
 * Compact serialised form → lunr index: what `lunr.Index.load` does, yielding after every `chunk` field
 * vectors or terms (see `steps.ts`). On the 783-page tree the load is ~150 ms per language in one block,
 * which a replica taking over another's index would spend not answering. The result equals
 * `lunr.Index.load`'s (checked in compactIndex.test.ts). The serialised terms are in lunr's sorted order,
 * which the token-set builder requires.
 */
export function* compactLunrSteps(c: CompactLunr, chunk: number): Steps<lunr.Index> {
  const fieldVectors: Record<string, lunr.Vector> = {};
  const invertedIndex: Record<string, unknown> = Object.create(null);
  const tokenSet = new TokenSetBuilder();
  for (let i = 0; i < c.fieldVectors.length; i++) {
    const [ref, elements] = c.fieldVectors[i];
    fieldVectors[ref] = new lunr.Vector(elements);
    if ((i + 1) % chunk === 0) yield;
  }
  for (let i = 0; i < c.invertedIndex.length; i++) {
    const [term, posting] = c.invertedIndex[i];
    tokenSet.insert(term);
    invertedIndex[term] = posting;
    if ((i + 1) % chunk === 0) yield;
  }
  tokenSet.finish();
  return new lunr.Index({ fields: c.fields, fieldVectors, invertedIndex, tokenSet: tokenSet.root, pipeline: lunr.Pipeline.load(c.pipeline) } as unknown as lunr.Index.Attributes);
}
