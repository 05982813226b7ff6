/**
 * Composition: a decision's sections become numbered citations and extractive lines in the reply
 * language where the page has it. Structure only — the reply's wording is the bot's (src/bot/replyText.ts).
 */
import { passageSectionKey, sectionLeadId } from '../passageId';
import { indexStems, type DocumentInfo, type SearchIndex } from '../searchIndex';
import type { AnswerLine, Citation, Lang, Passage } from '../types';
import { analyseAhead, extract, type Stemmer } from './extract';
import { derived } from './derived';
import type { QueryPlan } from './plan';
import type { Hit } from './retrieve';
import type { Tuning } from './tuning';

const stemmers = new WeakMap<SearchIndex, Stemmer>();

/** The index's own analysis as a function, one per index (extracts are cached per stemmer). */
function stemmerFor(index: SearchIndex): Stemmer {
  let s = stemmers.get(index);
  if (!s) stemmers.set(index, (s = (text: string, l: Lang) => indexStems(text, l, index.langs[l]?.words)));
  return s;
}

/** The sentences of every passage, analysed ahead where the extract cache holds them all (`prepareIndex.ts`). */
export const analysedPassages = derived((index: SearchIndex): boolean => analyseAhead(index.passages, stemmerFor(index)));

/** The version of a passage to quote: the reply language when an exact translation exists. */
function quotable(index: SearchIndex, hit: Hit, lang: Lang): Passage {
  if (hit.passage.lang === lang) return hit.passage;
  const sibling = index.byId.get(hit.passage.id)?.find((p) => p.lang === lang);
  return sibling && hit.passage.aligned ? sibling : hit.passage;
}

/** The citation of a passage's section, numbered `n`. */
export function citationFor(doc: DocumentInfo | undefined, passage: Passage, n: number): Citation {
  const lang = passage.lang;
  const base = doc?.url[lang] ?? doc?.url.en ?? doc?.url.nl ?? '';
  return {
    n,
    title: doc?.title[lang] ?? doc?.title.en ?? doc?.title.nl ?? passage.docId,
    section: passage.heading,
    url: passage.anchor ? `${base}#${passage.anchor}` : base,
    language: lang,
    docId: passage.docId,
    anchor: passage.anchor,
  };
}

/** What composition produces. */
export interface Composed {
  lines: AnswerLine[];
  /** Numbers of the citations listed as "see also" (nothing is quoted from them). */
  seeAlso: number[];
  citations: Citation[];
  crossLanguage: boolean;
}

/** Lines (one per chosen section) and citations, numbered 1..n in order: lines first, then see-also. */
export function compose(index: SearchIndex, plan: QueryPlan, hits: Hit[], lines: Hit[], seeAlso: Hit[], lang: Lang, tuning: Pick<Tuning, 'ownLanguageShare'>): Composed {
  const docs = index.docById;
  const stemmer = stemmerFor(index);
  const citations: Citation[] = [];
  // Where a section matched in the other language also has a passage in the reply language that covers
  // the question (a page translated from another revision), the asker's language is quoted.
  const ownLanguage = new Map<string, Hit>();
  for (const h of hits) {
    if (h.passage.lang === lang && !ownLanguage.has(passageSectionKey(h.passage))) ownLanguage.set(passageSectionKey(h.passage), h);
  }
  const out: AnswerLine[] = lines.map((hit) => {
    const own = ownLanguage.get(passageSectionKey(hit.passage));
    const passage = hit.passage.lang === lang ? hit.passage : own && own.coverage >= hit.coverage * tuning.ownLanguageShare ? own.passage : quotable(index, hit, lang);
    const citation = citationFor(docs.get(passage.docId), passage, citations.length + 1);
    citations.push(citation);
    const doc = docs.get(passage.docId);
    return {
      label: doc?.products[0] ?? doc?.title[lang] ?? citation.title,
      text: extract(passage.text, passage.lang, plan, stemmer),
      citations: [citation.n],
      language: passage.lang,
    };
  });
  const seeAlsoNumbers: number[] = [];
  for (const h of seeAlso) {
    // Nothing is quoted from a "see also" section, so the reply language's version of it is best.
    const passage = index.byId.get(sectionLeadId(h.passage))?.find((p) => p.lang === lang) ?? quotable(index, h, lang);
    const c = citationFor(docs.get(passage.docId), passage, citations.length + 1);
    citations.push(c);
    seeAlsoNumbers.push(c.n);
  }
  return { lines: out, seeAlso: seeAlsoNumbers, citations, crossLanguage: out.some((l) => l.language !== lang) };
}
