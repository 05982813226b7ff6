/**
 * English closed-class and chat words from compromise's lexicon (the maintained word list its tagger
 * starts from): interjections and chat expressions ("btw", "lol", "pls", "hey"), conjunctions ("tho",
 * "cuz"), prepositions, determiners ("whatever"), pronouns, modals, question words. A question word no page
 * uses that is one of these says nothing about the topic, as a stop word does not (`generalWords.ts`).
 *
 * Read once when the lexicon is learned, never at run time: compromise takes ~0.35 s and ~30 MB to load.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Tags of compromise's lexicon that mark a word class without topic content. */
export const CLOSED_TAGS = ['Expression', 'Conjunction', 'Preposition', 'Determiner', 'Pronoun', 'Possessive', 'Modal', 'Negative', 'QuestionWord', 'Copula'] as const;

/** Tense tags that come with a closed class ("was" is Copula + PastTense) and add no open class. */
const TENSE_TAGS = new Set(['PresentTense', 'PastTense']);

/** The lexicon part of compromise's model (`nlp.model().one.lexicon`: word → tag or tags). */
type CompromiseLexicon = Record<string, string | string[]>;

/**
 * Single plain words (letters only, two or more) whose every tag is closed-class (or a tense beside one),
 * sorted. An entry with any open-class tag ("ad": Abbreviation and Noun) is left out.
 */
export function closedClassWords(lexicon: CompromiseLexicon): string[] {
  const closed = new Set<string>(CLOSED_TAGS);
  const out: string[] = [];
  for (const [word, raw] of Object.entries(lexicon)) {
    if (!/^[a-z]{2,}$/.test(word)) continue;
    const tags = Array.isArray(raw) ? raw : [raw];
    if (tags.some((t) => closed.has(t)) && tags.every((t) => closed.has(t) || TENSE_TAGS.has(t))) out.push(word);
  }
  return out.sort();
}

/** compromise's lexicon and version, from the installed package (a dev dependency). */
export function compromiseLexicon(): { lexicon: CompromiseLexicon; version: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require('compromise/two') as { default?: unknown };
  const nlp = (m.default ?? m) as { model(): { one: { lexicon: CompromiseLexicon } } };
  // The package's exports hide package.json: read it beside the build it resolves to (builds/two/…).
  const pkg = join(dirname(require.resolve('compromise/two')), '..', '..', 'package.json');
  return { lexicon: nlp.model().one.lexicon, version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version };
}
