/**
 * The search index: one lunr index per language over passages, analysed by our own analyzer (so query and
 * index always agree), plus what answering needs and lunr does not keep: passage text, documents,
 * document frequencies and the folded vocabulary (for Dutch compound splitting).
 */
import { createHash } from 'node:crypto';
import lunr from 'lunr';
import { analyze, splitCompound, tokenize } from './analyzer';
import { buildProductCatalog, type ProductCatalog } from './query/products';
import { parseLexicon, type Lexicon, type LexiconData } from './lexicon';
import { columnsToPassages, compactLunr, compactLunrSteps, passagesToColumns, type CompactLunr, type PassageColumns } from './compactIndex';
import type { Corpus, GlossaryEntry, Lang, LoadedDocument, Passage } from './types';
import { LANGS } from './types';
import { runSteps, runStepsPausing, type Steps } from './steps';

/** Bumped whenever analysis or the serialised shape changes: an index of another version is rebuilt. */
export const INDEX_FORMAT = 9;

/** A document without its passages (those live in `passages`). */
export type DocumentInfo = Omit<LoadedDocument, 'passages'>;

/**
 * The lunr fields and their boosts: FAQ-style pages put the question in the heading. The page title is
 * not a field of its own: it would repeat on every passage of a page (a large share of all postings) and
 * the question's product names are matched against the documents' product lists instead.
 */
export const FIELDS = { heading: 3, body: 1 } as const;

/** Per-language part of the index. */
export interface LangIndex {
  lunr: lunr.Index;
  /** Document frequency of each stem (passages containing it in any field). */
  df: Map<string, number>;
  /** Folded surface words of this language's text, for compound splitting of questions. */
  words: Set<string>;
  passages: number;
}

/** The complete, queryable index. Immutable once built: a reindex builds a new one and swaps. */
export interface SearchIndex {
  version: string;
  contentHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  passages: Passage[];
  byId: Map<string, Passage[]>;
  langs: Partial<Record<Lang, LangIndex>>;
  glossary: GlossaryEntry[];
  /** The learned lexicon of the corpus, when it has one. */
  lexicon?: Lexicon;
  /** Derived once per index so answering does no per-question work over all documents. */
  docById: Map<string, DocumentInfo>;
  /** Every product name of every document (for language detection). */
  productNames: string[];
  /** Folded product names (`cloud app security`) and the document each names. */
  productPhrases: { phrase: string; docId: string }[];
  /** Product names of the pages and foreign product names learned from their text (src/core/query/products.ts). */
  products: ProductCatalog;
  /** Positions in `passages` of each document's passages. */
  passagesOfDoc: Map<string, number[]>;
  /**
   * True when some document declares no product names (a bulk tree source): only then do the declared
   * pages get `Tuning.declaredPage` over the others.
   */
  hasBulkPages: boolean;
}

/** The lookups every index carries, derived from its documents and passages. */
function lookups(documents: DocumentInfo[], passages: Passage[]): Pick<SearchIndex, 'byId' | 'docById' | 'productNames' | 'productPhrases' | 'passagesOfDoc' | 'hasBulkPages'> {
  const passagesOfDoc = new Map<string, number[]>();
  passages.forEach((p, i) => {
    const list = passagesOfDoc.get(p.docId);
    if (list) list.push(i);
    else passagesOfDoc.set(p.docId, [i]);
  });
  const productPhrases: { phrase: string; docId: string }[] = [];
  for (const d of documents) {
    for (const name of d.products) {
      const phrase = tokenize(name).join(' ');
      if (phrase) productPhrases.push({ phrase, docId: d.id });
    }
  }
  return {
    byId: byIdOf(passages),
    docById: new Map(documents.map((d) => [d.id, d])),
    productNames: documents.flatMap((d) => d.products),
    productPhrases,
    passagesOfDoc,
    hasBulkPages: documents.some((d) => d.products.length === 0),
  };
}

/** Serialised form written to disk. */
export interface SerializedIndex {
  format: number;
  version: string;
  contentHash: string;
  builtAt: string;
  documents: DocumentInfo[];
  passages: PassageColumns;
  glossary: GlossaryEntry[];
  lexicon?: LexiconData;
  products?: ProductCatalog;
  langs: Partial<Record<Lang, { lunr: CompactLunr; df: [string, number][]; words: string[] }>>;
}

/** Content hash of a corpus: changes whenever a file, the glossary, the lexicon or the index format changes. */
export function corpusHash(corpus: Corpus): string {
  const h = createHash('sha256').update(`format:${INDEX_FORMAT}\0`);
  for (const d of corpus.documents) h.update(`${d.id}\0${d.hash}\0${JSON.stringify(d.url)}\0${JSON.stringify(d.title)}\0${d.products.join('|')}\0`);
  h.update(JSON.stringify(corpus.glossary));
  if (corpus.lexicon) h.update(JSON.stringify(corpus.lexicon.data));
  return h.digest('hex');
}

/** Stems of a text as indexed: content-word stems, and for Dutch the parts of compounds too. */
export function indexStems(text: string, lang: Lang, words: ReadonlySet<string> | undefined): string[] {
  const stems = analyze(text, lang);
  if (lang === 'nl' && words) {
    for (const w of tokenize(text)) for (const part of splitCompound(w, (x) => words.has(x))) stems.push(...analyze(part, lang));
  }
  return stems;
}

function fieldText(text: string, lang: Lang, words: Set<string>): string {
  return indexStems(text, lang, words).join(' ');
}

/**
 * lunr refs are positions in `SearchIndex.passages` (short strings keep the serialised index small;
 * passage ids are long and would repeat in every posting).
 */
function buildLang(all: Passage[], lang: Lang): LangIndex {
  const words = new Set<string>();
  let count = 0;
  for (const p of all) if (p.lang === lang) for (const w of tokenize(`${p.heading} ${p.text}`)) words.add(w);
  const df = new Map<string, number>();
  const index = lunr(function () {
    // Analysis is done by us; lunr only splits on the spaces we put between stems.
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.metadataWhitelist = [];
    this.ref('ref');
    for (const [field, boost] of Object.entries(FIELDS)) this.field(field, { boost });
    all.forEach((p, i) => {
      if (p.lang !== lang) return;
      count++;
      const fields = { ref: String(i), heading: fieldText(p.heading, lang, words), body: fieldText(p.text, lang, words) };
      for (const stem of new Set(`${fields.heading} ${fields.body}`.split(' '))) {
        if (stem) df.set(stem, (df.get(stem) ?? 0) + 1);
      }
      this.add(fields);
    });
  });
  return { lunr: index, df, words, passages: count };
}

function byIdOf(passages: Passage[]): Map<string, Passage[]> {
  const map = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = map.get(p.id);
    if (list) list.push(p);
    else map.set(p.id, [p]);
  }
  return map;
}

/** Builds the index of a loaded corpus. `now` is injected so builds are reproducible in tests. */
export function buildIndex(corpus: Corpus, now: () => Date = () => new Date()): SearchIndex {
  const passages = corpus.documents.flatMap((d) => d.passages);
  const langs: Partial<Record<Lang, LangIndex>> = {};
  for (const lang of LANGS) {
    if (passages.some((p) => p.lang === lang)) langs[lang] = buildLang(passages, lang);
  }
  const contentHash = corpusHash(corpus);
  const documents = corpus.documents.map(({ passages: _p, ...info }) => info);
  return {
    version: `${INDEX_FORMAT}-${contentHash.slice(0, 12)}`,
    contentHash,
    builtAt: now().toISOString(),
    documents,
    passages,
    langs,
    glossary: corpus.glossary,
    ...(corpus.lexicon ? { lexicon: corpus.lexicon } : {}),
    products: buildProductCatalog(corpus.documents, passages),
    ...lookups(documents, passages),
  };
}

/** The JSON-ready form of an index. */
export function serializeIndex(index: SearchIndex): SerializedIndex {
  const langs: SerializedIndex['langs'] = {};
  for (const lang of LANGS) {
    const li = index.langs[lang];
    if (li) langs[lang] = { lunr: compactLunr(li.lunr), df: [...li.df], words: [...li.words] };
  }
  return {
    format: INDEX_FORMAT,
    version: index.version,
    contentHash: index.contentHash,
    builtAt: index.builtAt,
    documents: index.documents,
    passages: passagesToColumns(index.passages),
    glossary: index.glossary,
    ...(index.lexicon ? { lexicon: index.lexicon.data } : {}),
    products: index.products,
    langs,
  };
}

/** Restores a serialised index. Throws when the format differs or the data is not an index. */
export function deserializeIndex(data: unknown): SearchIndex {
  return runSteps(deserializeSteps(data, Infinity));
}

/**
 * {@link deserializeIndex} with `pause` awaited between parts of the work (the lunr indexes load
 * `chunk` vectors or terms at a time): an index handed over by the build worker or loaded from another
 * replica does not stall answering while it is restored.
 */
export async function deserializeIndexInSteps(data: unknown, pause: () => Promise<void>, chunk = 4000): Promise<SearchIndex> {
  return runStepsPausing(deserializeSteps(data, chunk), pause);
}

function* deserializeSteps(data: unknown, chunk: number): Steps<SearchIndex> {
  const s = data as SerializedIndex;
  if (typeof s !== 'object' || s === null || s.format !== INDEX_FORMAT || !Array.isArray(s.passages?.text) || !s.langs) {
    throw new Error(`not a privacy-bot index of format ${INDEX_FORMAT}`);
  }
  const passages = columnsToPassages(s.passages);
  yield;
  const langs: Partial<Record<Lang, LangIndex>> = {};
  for (const lang of LANGS) {
    const l = s.langs[lang];
    if (!l) continue;
    langs[lang] = {
      lunr: yield* compactLunrSteps(l.lunr, chunk),
      df: new Map(l.df),
      words: new Set(l.words),
      passages: passages.filter((p) => p.lang === lang).length,
    };
    yield;
  }
  return {
    version: s.version,
    contentHash: s.contentHash,
    builtAt: s.builtAt,
    documents: s.documents,
    passages,
    langs,
    glossary: s.glossary ?? [],
    ...(s.lexicon ? { lexicon: parseLexicon(s.lexicon) } : {}),
    products: s.products ?? buildProductCatalog(s.documents, passages),
    ...lookups(s.documents, passages),
  };
}
