/**
 * Products from data. Every page declares its product names and aliases in `sources.json`; a question
 * that uses one of them names that page (a page constraint). Names of *other* products are learned from
 * the corpus text, so a question about a product no page covers is recognised as out of scope.
 *
 * Which names are "foreign" (the rule, decided from the data):
 * - A candidate name is a run of capitalised words in body text (`Exchange Online`, `Power BI`), a single
 *   CamelCase word (`SharePoint`, `OneDrive`), or what follows a brand word (`Microsoft Teams` → `Teams`).
 * - It must be written capitalised consistently: when the corpus also writes it in lower case mid-sentence
 *   ("security teams", "data retention policy"), it is a common phrase, not a name. Below
 *   `firmShare` it matches only when the question writes it capitalised too; below `nameShare` it is dropped.
 * - It is not foreign when it is a declared name, extends one (`Office 365 Advanced Threat Protection`
 *   → the Office 365 page), or shortens one (`Microsoft Defender` is ambiguous between two pages).
 * - It is not foreign when a page is about it: it occurs in that page's title or in one of its headings
 *   (`Customer Lockbox`, `Advanced eDiscovery` are sections of the Office 365 page). Such a name names
 *   those pages like a declared one. Next to declared pages only their headings and titles count: a bulk
 *   tree page whose heading writes "Cloud Discovery" would otherwise hold every such question to itself.
 * - Everything else is foreign, even when a page mentions it in passing: the MCAS page names Azure Sentinel
 *   only as a place alerts can be sent to, and cannot answer how Sentinel keeps logs. `mentionedBy`
 *   lists the declared pages whose text mentions it, so the engine may still answer from a passage that
 *   itself contains the name (the passage-level rule), and `explain` can show it.
 * - In a question, a capitalised name after a brand word that the catalogue does not know ("Microsoft
 *   Intune" when no page wrote it) is foreign by the same reasoning: the pages would have named it.
 * The Office 365 page in content/ never mentions Exchange Online or SharePoint Online (checked: 0 of its
 * 12 passages), so they are foreign by this rule and are no longer declared as its products.
 */
import { isStopWord, tokenize } from '../analyzer';
import { brandedName, startsWith } from './brandedName';
import { joinedName } from './joinedName';
import { siblingName } from './siblingName';
import type { Lang } from '../types';

/** Tunable numbers of product resolution, with their effect and sane range. */
export const PRODUCT_DEFAULTS = {
  /** Words after which a capitalised word is a product name (`Microsoft Teams`). Any capitalised words. */
  brands: ['Microsoft', 'Azure', 'Office 365', 'Microsoft 365'] as string[],
  /** Lower-case words allowed inside a name (`Defender for Endpoint`). */
  connectors: ['for', 'voor'] as string[],
  /** Longest learned name, in words. 3–6: longer runs are table rows and titles, not names. */
  maxNameWords: 4,
  /** Capitalised occurrences a learned name needs. 1–5: 1 lets one-off Title Case into the catalogue. */
  minOccurrences: 2,
  /** Share of a name's occurrences written capitalised for it to match in any case. 0.8–0.98. */
  firmShare: 0.9,
  /** Below this share the phrase is common language and is dropped; in between it matches only when capitalised. 0.3–0.7. */
  nameShare: 0.5,
};

/** Options of {@link buildProductCatalog}. */
export type ProductOptions = typeof PRODUCT_DEFAULTS;

/** A document as the catalogue needs it (a `DocumentInfo` fits). */
export interface ProductDocument {
  id: string;
  title?: Partial<Record<Lang, string>>;
  products: string[];
  productNames?: { names: string[]; aliases: Partial<Record<Lang, string[]>> };
}

/** A text of a document (a `Passage` fits): its heading and body, in their original case. */
export interface ProductText {
  docId: string;
  heading?: string;
  text: string;
}

/** One name in the catalogue. Plain data: the catalogue is stored with the index. */
export interface CatalogEntry {
  /** Folded tokens (`["defender", "for", "endpoint"]`). */
  tokens: string[];
  /** The name as written (for explain and replies). */
  name: string;
  /** Pages it names; empty for a foreign product. */
  docIds: string[];
  /** Language of an alias declared for one language only. */
  lang?: Lang;
  /** True when it matches only if the question writes it capitalised too. */
  cased: boolean;
  /** Where it came from. */
  source: 'declared' | 'heading' | 'learned';
  /** Declared pages whose text mentions a foreign name. */
  mentionedBy?: string[];
}

/** Product names of an index, built once at index time. JSON-serialisable. */
export interface ProductCatalog {
  entries: CatalogEntry[];
  /** First token → positions in `entries`, longest name first. */
  byFirst: Record<string, number[]>;
  /** The brand words, folded, longest first: in a question, a capitalised name after one that no entry knows is foreign. */
  brands?: string[][];
}

/** One name found in a question. */
export interface ProductMatch {
  start: number;
  /** Exclusive. */
  end: number;
  name: string;
  docIds: string[];
  foreign: boolean;
  source: CatalogEntry['source'] | 'question';
  lang?: Lang;
  mentionedBy?: string[];
}

/** What {@link resolveProducts} found. */
export interface ProductResolution {
  /** Pages the question names. */
  named: Set<string>;
  /** Names of products no page covers (as written in the corpus). */
  foreign: string[];
  /** Token spans `[start, end)` of every name found, to take out of the concepts. */
  spans: [number, number][];
  matches: ProductMatch[];
}

const WORD = /[\p{L}\p{N}]+|[.,!?:;|()[\]"*#]/gu;
const isBreak = (w: string) => !/[\p{L}\p{N}]/u.test(w);

/** What the catalogue needs to know of one written word; memoised, since corpus words repeat. */
interface WordInfo {
  folded: string;
  /** Capitalised, CamelCase or a number: can be part of a name. */
  capital: boolean;
  /** Two humps exactly (`SharePoint`, `OneDrive`); more humps are code identifiers. */
  camel: boolean;
  /** A code identifier (`AccountDisplayName`: two or more humps): never part of a name. */
  identifier: boolean;
}
const infoCache = new Map<string, WordInfo>();
function info(w: string): WordInfo {
  let i = infoCache.get(w);
  if (!i) {
    i = {
      folded: tokenize(w).join(' '),
      capital: /^\p{Lu}/u.test(w) || /^\p{N}+$/u.test(w) || /\p{Ll}\p{Lu}/u.test(w),
      camel: w.length >= 6 && /^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+$/u.test(w),
      identifier: (w.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0) >= 2,
    };
    if (infoCache.size > 500_000) infoCache.clear();
    infoCache.set(w, i);
  }
  return i;
}
const isCapital = (w: string) => info(w).capital;
const foldWord = (w: string) => info(w).folded;

/** Words of a text with case kept; `null` marks a sentence or cell break. */
function words(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (const m of text.matchAll(WORD)) out.push(m[0].length === 1 && isBreak(m[0]) ? null : m[0]);
  return out;
}

const key = (tokens: string[]) => tokens.join(' ');

/**
 * Candidate names of a text (folded key → written form): what follows a brand word (`Microsoft Teams` and
 * `Teams`) and CamelCase words (`SharePoint`). In a heading or title (`heading`), any capitalised run
 * too: there it names what the section is about. A brand word alone or a number is never a name.
 */
function candidates(ws: (string | null)[], opt: ProductOptions, brands: string[][], connectors: Set<string>, out: Map<string, string>, parents?: Map<string, Set<string>>, heading = false): void {
  const brandWords = new Set(brands.flat());
  const maxRun = opt.maxNameWords + (brands[0]?.length ?? 0);
  const add = (parts: string[]): string | undefined => {
    const folded = parts.map(foldWord).join(' ').split(' ').filter(Boolean);
    if (folded.length === 0 || /^\p{N}/u.test(folded[0]) || (folded.length === 1 && brandWords.has(folded[0]))) return undefined;
    if (connectors.has(folded[folded.length - 1])) return undefined;
    const k = key(folded);
    out.set(k, parts.join(' '));
    return k;
  };
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (w === null || !isCapital(w)) continue;
    const run: string[] = [];
    for (let j = i; j < ws.length && run.length < maxRun; j++) {
      const x = ws[j];
      const next = ws[j + 1];
      if (x === null || info(x).identifier) break;
      if (isCapital(x)) run.push(x);
      else if (connectors.has(x) && run.length > 0 && typeof next === 'string' && isCapital(next)) run.push(x);
      else break;
    }
    const folded = run.map(foldWord);
    // A heading that asks ("Can Microsoft …") starts with a function word, which is no part of a name.
    if (heading && run.length >= 2 && run.length <= opt.maxNameWords && !(i === 0 && isStopWord(folded[0], 'en')) && !(i === 0 && isStopWord(folded[0], 'nl'))) add(run);
    if (run.length === 1 && info(w).camel) add(run);
    // Longest brand first: `Microsoft 365 Defender` is "Microsoft 365" + "Defender", not "Microsoft" + "365 Defender".
    const b = brands.find((t) => run.length > t.length && t.every((x, k) => folded[k] === x));
    if (b) {
      const whole = add(run);
      const rest = add(run.slice(b.length, b.length + opt.maxNameWords));
      if (whole && rest && parents) {
        let set = parents.get(rest);
        if (!set) parents.set(rest, (set = new Set()));
        set.add(whole);
      }
    }
  }
}

/** Counts capitalised and lower-case occurrences of each candidate (sentence-initial single words are uninformative). */
function caseCounts(texts: (string | null)[][], cands: Map<string, string>, maxWords: number, connectors: Set<string>): Map<string, { cap: number; lower: number }> {
  const counts = new Map<string, { cap: number; lower: number }>();
  const firsts = new Set([...cands.keys()].map((k) => k.split(' ')[0]));
  for (const ws of texts) {
    const fs = ws.map((w) => (w === null ? null : foldWord(w)));
    for (let i = 0; i < ws.length; i++) {
      const f = fs[i];
      if (f === null || !firsts.has(f)) continue;
      const sentenceStart = i === 0 || ws[i - 1] === null;
      let k = '';
      for (let j = i; j < ws.length && j < i + maxWords; j++) {
        const fj = fs[j];
        if (fj === null) break;
        k = j === i ? fj : `${k} ${fj}`;
        if (!cands.has(k)) continue;
        const parts = ws.slice(i, j + 1) as string[];
        const content = parts.filter((p, n) => !(n > 0 && connectors.has(p)));
        const judged = sentenceStart ? content.slice(1) : content;
        if (judged.length === 0) continue;
        let c = counts.get(k);
        if (!c) counts.set(k, (c = { cap: 0, lower: 0 }));
        if (judged.every(isCapital)) c.cap++;
        else c.lower++;
      }
    }
  }
  return counts;
}


/**
 * Builds the product catalogue of an index: the declared names of every document, names learned from its
 * headings and titles, and foreign names learned from the text. Pure; its result is plain data.
 */
export function buildProductCatalog(documents: ProductDocument[], texts: ProductText[], options: Partial<ProductOptions> = {}): ProductCatalog {
  const opt = { ...PRODUCT_DEFAULTS, ...options };
  const connectors = new Set(opt.connectors);
  const brands = opt.brands.map((b) => tokenize(b)).filter((b) => b.length > 0).sort((a, b) => b.length - a.length);
  const entries: CatalogEntry[] = [];
  const declared = new Map<string, number>();
  const declare = (name: string, docId: string, source: CatalogEntry['source'], lang?: Lang) => {
    const tokens = tokenize(name);
    if (tokens.length === 0) return;
    const k = key(tokens);
    const at = declared.get(k);
    if (at !== undefined) {
      const e = entries[at];
      if (!e.docIds.includes(docId)) e.docIds.push(docId);
      if (e.lang !== lang) delete e.lang;
      return;
    }
    declared.set(k, entries.length);
    entries.push({ tokens, name, docIds: [docId], cased: false, source, ...(lang ? { lang } : {}) });
  };
  for (const d of documents) {
    const pn = d.productNames;
    if (pn) {
      for (const n of pn.names) declare(n, d.id, 'declared');
      for (const lang of ['en', 'nl'] as const) for (const n of pn.aliases[lang] ?? []) declare(n, d.id, 'declared', lang);
    } else for (const n of d.products) declare(n, d.id, 'declared');
  }
  const declaredTokens = entries.map((e) => e.tokens);
  const related = (t: string[]) => declaredTokens.some((d) => startsWith(t, d) || startsWith(d, t));

  const cands = new Map<string, string>();
  // What follows a brand, and the branded names it followed: `Teams` ← `Microsoft Teams`.
  const parents = new Map<string, Set<string>>();
  const bodies = texts.map((t) => words(t.text));
  for (const ws of bodies) candidates(ws, opt, brands, connectors, cands, parents);

  const headingNames = new Map<string, Set<string>>();
  const headingOf = (text: string, docId: string) => {
    const found = new Map<string, string>();
    candidates(words(text), opt, brands, connectors, found, undefined, true);
    for (const [k, v] of found) {
      cands.set(k, cands.get(k) ?? v);
      let s = headingNames.get(k);
      if (!s) headingNames.set(k, (s = new Set()));
      s.add(docId);
    }
  };
  const declaredDocs = new Set(documents.filter((d) => d.products.length > 0 || d.productNames).map((d) => d.id));
  // Next to declared pages, a bulk page's headings name no page: the tree is breadth, and a question that
  // uses a name its headings write ("Cloud Discovery") must not be held to that tree page.
  const names = (docId: string) => declaredDocs.size === 0 || declaredDocs.has(docId);
  for (const t of texts) if (t.heading && names(t.docId)) headingOf(t.heading, t.docId);
  for (const d of documents) for (const title of Object.values(d.title ?? {})) if (title && names(d.id)) headingOf(title, d.id);

  const isDeclared = (k: string) => declared.has(k) || related(k.split(' '));
  // What follows a declared name is a part of that product (`Office 365` + `Advanced Threat Protection`).
  for (const k of [...cands.keys()]) if (isDeclared(k) || [...(parents.get(k) ?? [])].some(isDeclared)) cands.delete(k);
  const counts = caseCounts(bodies, cands, opt.maxNameWords + (brands[0]?.length ?? 0), connectors);
  const mentions = new Map<string, Set<string>>();
  const maxWords = opt.maxNameWords + (brands[0]?.length ?? 0);
  for (const t of texts) {
    if (!declaredDocs.has(t.docId)) continue;
    const toks = tokenize(t.text);
    for (let i = 0; i < toks.length; i++) {
      let k = '';
      for (let j = i; j < toks.length && j < i + maxWords; j++) {
        k = j === i ? toks[j] : `${k} ${toks[j]}`;
        if (!cands.has(k)) continue;
        let s = mentions.get(k);
        if (!s) mentions.set(k, (s = new Set()));
        s.add(t.docId);
      }
    }
  }
  for (const [k, name] of [...cands].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const c = counts.get(k) ?? { cap: 0, lower: 0 };
    const owners = headingNames.get(k);
    const share = c.cap / Math.max(1, c.cap + c.lower);
    if (owners && (c.cap + c.lower === 0 || share >= opt.nameShare)) {
      entries.push({ tokens: k.split(' '), name, docIds: [...owners].sort(), cased: share < opt.firmShare, source: 'heading' });
      continue;
    }
    // A word that follows a brand is a name there even when it is also a common word ("security teams"): then it must be capitalised.
    const branded = parents.has(k);
    if (c.cap < opt.minOccurrences || (share < opt.nameShare && !branded)) continue;
    const m = mentions.get(k);
    // A lone CamelCase word is weaker evidence of a product than a branded name: when a page mentions it, the page may answer.
    if (m && !k.includes(' ') && !branded) continue;
    entries.push({ tokens: k.split(' '), name, docIds: [], cased: share < opt.firmShare, source: 'learned', ...(m ? { mentionedBy: [...m].sort() } : {}) });
  }
  const byFirst: Record<string, number[]> = {};
  entries.forEach((e, i) => {
    const f = e.tokens[0];
    if (!Object.hasOwn(byFirst, f)) byFirst[f] = [];
    byFirst[f].push(i);
  });
  for (const list of Object.values(byFirst)) list.sort((a, b) => entries[b].tokens.length - entries[a].tokens.length || entries[b].docIds.length - entries[a].docIds.length);
  return { entries, byFirst, brands };
}

/**
 * The question's tokens with their case kept, aligned with `tokenize(text)` (same folding of accents and
 * the same splitting, only not lower-cased). Returns undefined in the rare case they do not align.
 */
export function casedTokens(text: string): string[] | undefined {
  const out: string[] = [];
  for (const t of text.normalize('NFKD').replace(/\p{M}+/gu, '').split(/[^\p{L}\p{N}]+/u)) if (t && t.length <= 32) out.push(t);
  const folded = tokenize(text);
  return out.length === folded.length && out.every((t, i) => t.toLowerCase() === folded[i]) ? out : undefined;
}

/**
 * Finds product names in a question's folded tokens, longest match first, left to right. `cased` (the
 * question's words with their case, aligned with `tokens`) lets names that are common words in lower case
 * (`Teams`) match when written capitalised; without it those names never match.
 */
export function resolveProducts(tokens: readonly string[], catalog: ProductCatalog, cased?: readonly string[]): ProductResolution {
  const named = new Set<string>();
  const foreign: string[] = [];
  const spans: [number, number][] = [];
  const matches: ProductMatch[] = [];
  for (let i = 0; i < tokens.length; ) {
    const list = Object.hasOwn(catalog.byFirst, tokens[i]) ? catalog.byFirst[tokens[i]] : undefined;
    let hit: CatalogEntry | undefined;
    for (const at of list ?? []) {
      const e = catalog.entries[at];
      if (!e.tokens.every((t, k) => tokens[i + k] === t)) continue;
      if (e.cased && !(cased && e.tokens.every((_, k) => /^\p{Lu}/u.test(cased[i + k] ?? '') || /^\p{N}/u.test(cased[i + k] ?? '')))) continue;
      hit = e;
      break;
    }
    // Tokens the name takes: its words, or one for a covered name written as one word ("Office365").
    let length = hit?.tokens.length ?? 0;
    if (!hit && (hit = joinedName(tokens[i], catalog))) length = 1;
    if (!hit) {
      const branded = brandedName(tokens, cased, i, catalog, PRODUCT_DEFAULTS.maxNameWords) ?? siblingName(tokens, cased, i, catalog);
      if (branded) {
        spans.push([i, branded.end]);
        matches.push({ start: i, end: branded.end, name: branded.name, docIds: [], foreign: true, source: 'question' });
        if (!foreign.includes(branded.name)) foreign.push(branded.name);
        i = branded.end;
        continue;
      }
      i++;
      continue;
    }
    const end = i + length;
    spans.push([i, end]);
    const isForeign = hit.docIds.length === 0;
    matches.push({ start: i, end, name: hit.name, docIds: hit.docIds, foreign: isForeign, source: hit.source, ...(hit.lang ? { lang: hit.lang } : {}), ...(hit.mentionedBy ? { mentionedBy: hit.mentionedBy } : {}) });
    if (isForeign) {
      if (!foreign.includes(hit.name)) foreign.push(hit.name);
    } else for (const d of hit.docIds) named.add(d);
    i = end;
  }
  return { named, foreign, spans, matches };
}

