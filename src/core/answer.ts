/**
 * `answer(question, options)`: language detection, retrieval, extractive composition with numbered
 * citations, a line per product when several products answer, and honest abstention.
 */
import { extract, type Stemmer } from './extract';
import { detectLanguage } from './language';
import { planQuery, type QueryPlan } from './queryPlan';
import { DEFAULT_WEIGHTS, retrieve, type Hit, type RankWeights } from './retrieve';
import { indexStems, type DocumentInfo, type SearchIndex } from './searchIndex';
import type { Answer, AnswerLine, Citation, Lang, Passage, Translate } from './types';

/** Options of {@link answer}; behaviour is injected, nothing is read from the environment. */
export interface AnswerOptions {
  index: SearchIndex;
  translate: Translate;
  /** Forces the reply language; otherwise it is detected from the question. */
  lang?: Lang;
  /** Language when detection is undecided (a client locale). */
  fallbackLang?: Lang;
  /** Example questions offered when the answer abstains. */
  suggestions?: (lang: Lang) => string[];
  weights?: RankWeights;
  /** Least share of the question the best passage must cover to be an answer (0–1). */
  minCoverage?: number;
  /** Most citations listed. */
  maxCitations?: number;
}

/** Below this share of the question covered, the docs do not answer it. */
export const MIN_COVERAGE = 0.5;
/**
 * Least total weight (idf) of a question's words: "data" or "Microsoft" alone is too vague to answer
 * from one passage, and is better met with example questions.
 */
const MIN_SPECIFICITY = 1.5;
/** A same-page section in the asker's language within this share of the top score is preferred. */
const OWN_LANGUAGE_SHARE = 0.9;
/** Pages whose best passage scores at least this share of the top one get their own line. */
const MULTI_SHARE = 0.75;
/** Further sections listed as "see also" must score at least this share of the top one. */
const SEE_ALSO_SHARE = 0.6;
const MAX_LINES = 4;

const stemmers = new WeakMap<SearchIndex, Stemmer>();

/** The index's own analysis as a function, one per index (extracts are cached per stemmer). */
function stemmerFor(index: SearchIndex): Stemmer {
  let s = stemmers.get(index);
  if (!s) stemmers.set(index, (s = (text: string, l: Lang) => indexStems(text, l, index.langs[l]?.words)));
  return s;
}

/** Control characters and unpaired surrogates are removed; whitespace is collapsed. */
export function cleanQuestion(raw: unknown): string {
  return String(raw ?? '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const sectionKey = (p: Passage) => `${p.docId}#${p.anchor}`;

/** The version of a passage to quote: the reply language when an exact translation exists. */
function quotable(index: SearchIndex, hit: Hit, lang: Lang): Passage {
  if (hit.passage.lang === lang) return hit.passage;
  const sibling = index.byId.get(hit.passage.id)?.find((p) => p.lang === lang);
  return sibling && hit.passage.aligned ? sibling : hit.passage;
}

function citationFor(doc: DocumentInfo | undefined, passage: Passage, n: number): Citation {
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

/** Best hit per section, in rank order. */
function bestPerSection(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = sectionKey(h.passage);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sections that answer the question: one, or the best of each product when several do equally well. */
function chooseLines(sections: Hit[], plan: QueryPlan, minCoverage: number): Hit[] {
  const top = sections[0];
  if (plan.namedDocs.size > 0) return [top];
  const perDoc: Hit[] = [];
  for (const h of sections) {
    if (h.score < top.score * MULTI_SHARE || h.coverage < minCoverage) continue;
    if (!perDoc.some((p) => p.passage.docId === h.passage.docId)) perDoc.push(h);
  }
  return perDoc.slice(0, MAX_LINES);
}

function abstain(question: string, lang: Lang, options: AnswerOptions, key: string): Answer {
  return {
    question,
    language: lang,
    answered: false,
    text: options.translate(key, lang),
    lines: [],
    citations: [],
    crossLanguage: false,
    suggestions: options.suggestions?.(lang) ?? [],
  };
}

/** Answers a question from the index. Never throws for any input text. */
export function answer(rawQuestion: unknown, options: AnswerOptions): Answer {
  const { index, translate } = options;
  const question = cleanQuestion(rawQuestion);
  const names = index.productNames;
  // The question is analysed in the language it is written in; the reply may be forced to another.
  const textLang = detectLanguage(question, { names, fallback: options.lang ?? options.fallbackLang });
  const lang = options.lang ?? textLang;
  if (question === '') return abstain(question, lang, options, 'answer.empty');

  const plan = planQuery(question, textLang, index);
  const minCoverage = options.minCoverage ?? MIN_COVERAGE;
  const specificity = plan.concepts.reduce((sum, c) => sum + c.weight, 0);
  const hits = specificity < MIN_SPECIFICITY ? [] : retrieve(index, plan, options.weights ?? DEFAULT_WEIGHTS);
  // The best passage must hold most of the question's weight, and most of its ideas: "the capital of
  // Germany" is not answered by a page that mentions Germany.
  const top = hits[0];
  const concepts = plan.concepts.length;
  // A question about a product the pages name is not answered from another product's page.
  const otherProduct = plan.namedDocs.size > 0 && top !== undefined && !plan.namedDocs.has(top.passage.docId);
  if (!top || otherProduct || top.coverage < minCoverage || (concepts >= 2 && top.matched * 2 <= concepts)) {
    return abstain(question, lang, options, 'answer.notCovered');
  }

  const sections = bestPerSection(hits);
  // When the documentation answers about as well in the asker's language (a page translated from
  // another revision, whose anchors differ), that version comes first.
  if (sections[0].passage.lang !== lang) {
    const own = sections.findIndex((h) => h.passage.lang === lang && h.passage.docId === sections[0].passage.docId &&
      h.coverage >= minCoverage && h.score >= sections[0].score * OWN_LANGUAGE_SHARE);
    if (own > 0) sections.unshift(...sections.splice(own, 1));
  }
  const chosen = chooseLines(sections, plan, minCoverage);
  const docs = index.docById;
  const stemmer = stemmerFor(index);
  const citations: Citation[] = [];
  // Where a section matched in the other language also has a passage in the reply language that covers
  // the question (a page translated from another revision), the asker's language is quoted.
  const ownLanguage = new Map<string, Hit>();
  for (const h of hits) {
    if (h.passage.lang === lang && h.coverage >= minCoverage && !ownLanguage.has(sectionKey(h.passage))) ownLanguage.set(sectionKey(h.passage), h);
  }
  const lines: AnswerLine[] = chosen.map((hit) => {
    const passage = hit.passage.lang === lang ? hit.passage : (ownLanguage.get(sectionKey(hit.passage))?.passage ?? quotable(index, hit, lang));
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

  const maxCitations = options.maxCitations ?? 3;
  for (const h of sections) {
    if (citations.length >= Math.max(maxCitations, lines.length)) break;
    if (h.score < sections[0].score * SEE_ALSO_SHARE) break;
    if (chosen.includes(h)) continue;
    // Nothing is quoted from a "see also" section, so the reply language's version of it is best.
    const passage = index.byId.get(`${h.passage.docId}#${h.passage.anchor}~0`)?.find((p) => p.lang === lang) ?? quotable(index, h, lang);
    citations.push(citationFor(docs.get(passage.docId), passage, citations.length + 1));
  }

  const crossLanguage = lines.some((l) => l.language !== lang);
  const parts: string[] = [];
  if (crossLanguage) parts.push(translate('answer.otherLanguage', lang));
  if (lines.length > 1) {
    parts.push(translate('answer.multiIntro', lang));
    for (const l of lines) parts.push(`• ${l.label}: ${l.text} [${l.citations[0]}]`);
  } else {
    parts.push(`${lines[0].text} [1]`);
  }
  const extra = citations.slice(lines.length).map((c) => `[${c.n}]`);
  if (extra.length > 0) parts.push(translate('answer.seeAlso', lang, { refs: extra.join(', ') }));

  return { question, language: lang, answered: true, text: parts.join('\n'), lines, citations, crossLanguage, suggestions: [] };
}
