/**
 * Everything the question path derives from an index on first use, built ahead: an index is prepared
 * before it becomes the served one (after a reindex, at start-up, when another replica's version is
 * loaded), so the first question after a swap is as fast as the others.
 *
 * Per index: the typo index and vocabulary view (`resources.ts`), the packed field-vector terms and
 * field vectors (`termTable.ts`, `vectorTable.ts`), the collation ranks of passage ids and their tables
 * by position (`idOrder.ts`), the glossary lookup (`expand.ts`), every passage's section key
 * (`passageId.ts`), which passages are in a page's title section (`titleSections.ts`), the analysed
 * sentences of every passage when the extract cache holds them all (`compose.ts`) and the English words
 * per stem that Dutch word classes are read through (`translatedClass.ts`). Shared by all indexes: the
 * dictionaries, word classes and place names ({@link loadLanguageResources} at start-up,
 * {@link warmUpQueryResources} otherwise). Not built ahead: caches that fill per word or per passage as
 * questions come (typo lookups, heading counts of a term, the sentences of a quoted passage of a large
 * corpus), each bounded or small per entry.
 */
import { passageSectionKey } from '../passageId';
import type { SearchIndex } from '../searchIndex';
import { LANGS, type Lang } from '../types';
import { analysedPassages } from './compose';
import { derived } from './derived';
import { glossaryLookup } from './expand';
import { idOrder, positionIdNumbers, positionRanks } from './idOrder';
import { loadDutchLexiconInWorker } from './dutchLexicon';
import { hasQueryResources, languageResources, resourcesOf, typoVocabulary, type LanguageResources } from './resources';
import { titleSectionsOf } from './titleSections';
import { termTable } from './termTable';
import { englishWordsByStem } from './translatedClass';
import { buildTypoIndexInSteps, type TypoIndex } from './typos';
import { vectorTable } from './vectorTable';

/** Every passage's section key, computed once (the keys live with the passages, see passageId.ts). */
const sectionKeys = derived((index: SearchIndex) => {
  for (const p of index.passages) passageSectionKey(p);
  return true;
});

/**
 * One structure: its name, whether the index has it, and how to build it. Given `pause`, a long build may
 * await it between parts (and return a promise); without it every build is synchronous.
 */
interface Step {
  name: string;
  built: (index: SearchIndex) => boolean;
  build: (index: SearchIndex, typos?: TypoIndex, pause?: () => Promise<void>) => void | Promise<void>;
}

/** The typo index: the one handed over (built by the index worker), else built here, in parts when it may pause. */
function buildTypos(index: SearchIndex, typos?: TypoIndex, pause?: () => Promise<void>): void | Promise<void> {
  if (typos || !pause) return void resourcesOf(index, typos);
  return buildTypoIndexInSteps(typoVocabulary(index), pause).then((built) => void resourcesOf(index, built));
}

/** The lunr index of one language (absent: nothing to build for it). */
const lunrOf = (index: SearchIndex, lang: Lang) => index.langs[lang]?.lunr;

/** In the order they are built; the typo index first, as it is the largest. */
const STEPS: Step[] = [
  { name: 'typo index', built: hasQueryResources, build: buildTypos },
  // One language per step: each is tens of milliseconds on the 783-page tree.
  ...LANGS.flatMap((lang): Step[] => [
    { name: `field vectors ${lang}`, built: (index) => !lunrOf(index, lang) || vectorTable.has(lunrOf(index, lang)!), build: (index) => void vectorTable(lunrOf(index, lang)!) },
    { name: `field terms ${lang}`, built: (index) => !lunrOf(index, lang) || termTable.has(lunrOf(index, lang)!), build: (index) => void termTable(lunrOf(index, lang)!) },
  ]),
  { name: 'id order', built: idOrder.has, build: (index) => void idOrder(index) },
  { name: 'id ranks by position', built: positionRanks.has, build: (index) => void positionRanks(index) },
  { name: 'id numbers by position', built: positionIdNumbers.has, build: (index) => void positionIdNumbers(index) },
  { name: 'glossary lookup', built: (index) => glossaryLookup.has(index.glossary), build: (index) => void glossaryLookup(index.glossary) },
  { name: 'section keys', built: sectionKeys.has, build: (index) => void sectionKeys(index) },
  { name: 'title sections', built: titleSectionsOf.has, build: (index) => void titleSectionsOf(index) },
  { name: 'passage sentences', built: analysedPassages.has, build: (index) => void analysedPassages(index) },
  {
    name: 'English words by stem',
    built: (index) => !index.langs.en || englishWordsByStem.has(index.langs.en.words),
    build: (index) => void (index.langs.en && englishWordsByStem(index.langs.en.words)),
  },
];

/** Names of the per-index structures not built yet for `index` ([] when it is prepared). */
export function unbuiltStructures(index: SearchIndex): string[] {
  return STEPS.filter((s) => !s.built(index)).map((s) => s.name);
}

/** Options of {@link prepareIndex}. */
export interface PrepareOptions {
  /** The index's typo index, when it was built elsewhere (the index worker builds it off the event loop). */
  typos?: TypoIndex;
  /** Awaited between two structures, so other work gets the event loop (default: none). */
  pause?: () => Promise<void>;
}

/** Builds every per-index structure of the question path that `index` does not have yet. */
export async function prepareIndex(index: SearchIndex, options: PrepareOptions = {}): Promise<void> {
  for (const step of STEPS) {
    if (step.built(index)) continue;
    await step.build(index, options.typos, options.pause);
    await options.pause?.();
  }
}

/**
 * The shared dictionaries, word classes and place names, each loaded by its first use: those that are
 * read on this thread first, then the Dutch ones (whose tables a worker thread may be building).
 */
function languageParts(r: LanguageResources): { own: (() => unknown)[]; dutch: (() => unknown)[] } {
  return {
    own: [() => r.pos.en?.('data'), () => r.isPlace('amsterdam'), () => r.dictionaries.isWordIn('data', 'en')],
    dutch: [() => r.dictionaries.isWordIn('gegevens', 'nl'), () => r.pos.nl?.('gegevens')],
  };
}

/**
 * Loads the shared language resources ahead, a part at a time with `pause` awaited between parts (the
 * Dutch lexicon, the largest, with its tables built in a worker thread). Start-up runs it beside the index
 * load, before the process is ready, so neither the first question nor a request served after readiness
 * waits for it. The longest part is nspell's English load (~0.3 s), which cannot pause.
 */
export async function loadLanguageResources(pause: () => Promise<void>): Promise<void> {
  // The Dutch lexicon's tables are built in a worker meanwhile. A resource that cannot load is the lazy
  // path's business (a question then meets it again); start-up goes on.
  const worker = loadDutchLexiconInWorker().catch(() => undefined);
  const { own, dutch } = languageParts(languageResources());
  for (const part of [...own, () => worker, ...dutch]) {
    await pause();
    try {
      await part();
    } catch {
      // See above: not loaded now, tried again on first use.
    }
  }
}

/**
 * Loads the shared language resources (about a second of CPU) and, given an index, builds its structures
 * now, in one go: so the first question does not wait for them.
 */
export function warmUpQueryResources(index?: SearchIndex): void {
  const { own, dutch } = languageParts(languageResources());
  for (const part of [...own, ...dutch]) part();
  if (index) for (const step of STEPS) if (!step.built(index)) step.build(index);
}
