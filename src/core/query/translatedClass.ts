/**
 * Word classes of Dutch words the dictionary cannot class, read through their learned English translation.
 *
 * OpenTaal lists many open-class words without inflection flags: participles of separable verbs
 * ("opgeslagen"), nouns without a plural ("anonimisering", "geolocatie"), verb forms ("voorkomt"). A
 * flagless entry reads as closed-class, so these became chat words. The bilingual lexicon learned from the
 * aligned sentences says what they translate to ("stored", "anonymization"), and WordNet classes those;
 * a function word translates to function words ("tijdens" → "during", which WordNet does not list), so it
 * stays closed-class.
 */
import { isStopWord, stem } from '../analyzer';
import type { SearchIndex } from '../searchIndex';
import { addShares, type PosLookup, type PosProfile } from './dictionaries';
import { derived } from './derived';
import { usedOnDeclaredPages } from './declaredVocabulary';

/** Learned translation probability, summed over the translations classed, needed to reclass a word. */
const MIN_TRANSLATED = 0.25;

/** English surface words of the index per stem (a translation is a stem; WordNet needs a word). */
export const englishWordsByStem = derived((words: Set<string>): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const w of words) {
    const s = stem(w, 'en');
    const list = out.get(s);
    if (list) list.push(w);
    else out.set(s, [w]);
  }
  return out;
});

/**
 * Word-class shares of one English stem: the classes of its words in the index. A stop word is closed-class,
 * and so is a dictionary word WordNet does not list ("during"); a word neither knows is a term ("geolocation").
 */
function classOfEnglishStem(s: string, words: Map<string, string[]>, posEn: PosLookup, isEnglishWord: (w: string) => boolean): PosProfile | undefined {
  const p: PosProfile = { noun: 0, verb: 0, adj: 0, adv: 0, closed: 0 };
  let seen = false;
  for (const w of words.get(s) ?? []) {
    if (isStopWord(w, 'en')) {
      p.closed += 1;
      seen = true;
      continue;
    }
    const q = posEn(w) ?? (isEnglishWord(w) ? { noun: 0, verb: 0, adj: 0, adv: 0, closed: 1 } : { noun: 1, verb: 0, adj: 0, adv: 0, closed: 0 });
    if (addShares(p, q, 1)) seen = true;
  }
  return seen ? p : undefined;
}

/**
 * The Dutch word-class lookup of an index: the dictionary's class, except that a flagless (closed-class)
 * entry takes the classes of its learned translations, weighted by their scores, when the lexicon has any
 * the declared pages' English words hold and WordNet can class; with none it has no known class. Cached per index and word.
 */
export function translatedDutchPos(index: SearchIndex, posNl: PosLookup | undefined, posEn: PosLookup | undefined, isEnglishWord: (w: string) => boolean): PosLookup {
  const cache = new Map<string, PosProfile | undefined>();
  const enWords = index.langs.en?.words;
  return (word) => {
    if (cache.has(word)) return cache.get(word);
    const own = posNl?.(word);
    let out = own;
    if (own && own.closed === 1 && own.noun + own.verb + own.adj + own.adv === 0 && index.lexicon && enWords && posEn) {
      const byStem = englishWordsByStem(enWords);
      const sum: PosProfile = { noun: 0, verb: 0, adj: 0, adv: 0, closed: 0 };
      let weight = 0;
      for (const t of index.lexicon.translations(stem(word, 'nl'), 'nl')) {
        // Read through the declared pages' words only, so a bulk tree does not change a word's class
        // ("iets" → "something", which only tree pages write, made a pronoun a topic).
        if (!usedOnDeclaredPages(index, 'en', t.stem)) continue;
        const p = classOfEnglishStem(t.stem, byStem, posEn, isEnglishWord);
        if (p && addShares(sum, p, t.score)) weight += t.score;
      }
      // Faint translations alone (learned scores are probabilities) do not overrule the dictionary.
      if (weight >= MIN_TRANSLATED) out = sum;
      // Nothing to read it through: the flagless entry alone is no evidence of a function word
      // ("anonimisering"), so its class is unknown (a word no page uses is still read as closed-class).
      else if (weight === 0) out = undefined;
    }
    if (cache.size < 50_000) cache.set(word, out);
    return out;
  };
}
