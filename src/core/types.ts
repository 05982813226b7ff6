/**
 * Shared data shapes of the answer engine. Pure types: no behaviour, no I/O.
 */
import type { Lexicon } from './lexicon';

/** The two languages the bot speaks. Other languages in the corpus are dropped at load time. */
export type Lang = 'nl' | 'en';

/** All supported languages, in a stable order. */
export const LANGS: readonly Lang[] = ['nl', 'en'];

/** One passage of text: the unit that is indexed and quoted. */
export interface Passage {
  /** Stable id: `${docId}#${anchor}~${ordinal}`. */
  id: string;
  docId: string;
  /** Section anchor used in the citation URL (`#anchor`). */
  anchor: string;
  /** Ordinal of the passage inside its section (0-based), shared by both language variants. */
  ordinal: number;
  lang: Lang;
  /** Section heading text in this passage's language. */
  heading: string;
  /** Plain text of the passage (markdown removed). */
  text: string;
  /** True when the other language's passage with the same id is its sentence-by-sentence translation. */
  aligned: boolean;
}

/** A loaded document (one page), with its passages in every language it exists in. */
export interface LoadedDocument {
  id: string;
  /** Page title per language (a missing language falls back to the other one at citation time). */
  title: Partial<Record<Lang, string>>;
  /** Public URL per language, without a fragment. */
  url: Partial<Record<Lang, string>>;
  /** Product names that identify this document in a question ("Cloud App Security", "MCAS"). */
  products: string[];
  /** The files it was read from, relative to their content folder. */
  files: string[];
  /** sha256 of the raw bytes of its files, for change reports. */
  hash: string;
  passages: Passage[];
}

/** A document that could not be loaded, with the reason. Loading never throws for one bad file. */
export interface LoadProblem {
  file: string;
  reason: string;
}

/** Result of loading every configured source. */
export interface Corpus {
  documents: LoadedDocument[];
  problems: LoadProblem[];
  /** Bilingual domain vocabulary read from the content folders (see glossary format in README). */
  glossary: GlossaryEntry[];
  /** Learned translations, paraphrases and synonyms (`content/lexicon/`), when a manifest names them. */
  lexicon?: Lexicon;
}

/** One concept with its words in each language; used to expand questions across languages. */
export interface GlossaryEntry {
  nl: string[];
  en: string[];
  /** Question words that imply this concept ("where" → location). */
  cues?: Partial<Record<Lang, string[]>>;
}

/** A numbered citation of a section of a page. */
export interface Citation {
  n: number;
  title: string;
  section: string;
  /** Public URL including `#anchor`. */
  url: string;
  /** Language of the cited text. */
  language: Lang;
  docId: string;
  anchor: string;
}

/** One line of a multi-product answer. */
export interface AnswerLine {
  /** Product or page the line speaks for (page title in the reply language). */
  label: string;
  text: string;
  /** Citation numbers (1-based) supporting this line. */
  citations: number[];
  /** Language of the quoted text. */
  language: Lang;
}

/** Why the engine did not answer (see src/core/query/decide.ts). */
export type AbstainReason = 'empty' | 'vague' | 'no-match' | 'other-product' | 'foreign-product' | 'low-coverage' | 'off-topic';

/**
 * What `answer()` returns: structure only. The reply's wording (intro, "see also", the cross-language
 * note) is made by the bot (src/bot/replyText.ts), and channels render from this structure.
 */
export interface Answer {
  question: string;
  /** The language of the reply (the asker's language). */
  language: Lang;
  /** The decision: true when the pages answer the question. */
  answered: boolean;
  /** Why it was not answered (only when `answered` is false). */
  reason?: AbstainReason;
  /** Extractive lines (one, or one per product). Empty when not answered. */
  lines: AnswerLine[];
  /** Numbers of the citations offered as "see also" (nothing quoted from them). */
  seeAlso: number[];
  /** Every citation, numbered 1..n: the lines' first, then the see-also ones. */
  citations: Citation[];
  /** True when some quoted text is in the other language than the reply. */
  crossLanguage: boolean;
  /** Example questions offered when the answer abstains. */
  suggestions: string[];
}

/** Looks up a user-visible string. Injected so the core stays free of an i18n instance. */
export type Translate = (key: string, lang: Lang, vars?: Record<string, string | number>) => string;

/** Which surface a request came from (chat channels, the admin HTTP endpoint, the CLI). */
export type Surface = 'teams' | 'slack' | 'http' | 'cli';

/** Result of a reindex, as reported to admins. */
export interface ReindexReport {
  ok: boolean;
  version: string;
  documents: number;
  passages: Record<Lang, number>;
  added: string[];
  removed: string[];
  changed: string[];
  durationMs: number;
  problems: { file: string; reason: string }[];
  /** True when this request joined a run that was already under way. */
  coalesced: boolean;
}

