/**
 * Background frequencies: in how many sentences of the large aligned collection (content/ and the
 * 783-page tree) each stem occurs, per language. The engine reads them to judge how specific a question
 * word is: in four pages "one" or "staan" is rare, in security documentation at large it is everywhere,
 * so the index's own idf overrates it (Sparck Jones 1972 idf, estimated on a larger collection).
 */
import { MAX_STEM, type BackgroundTable } from '../../core/lexicon';
import { indexStems } from '../../core/searchIndex';
import type { Lang } from '../../core/types';
import { LANGS } from '../../core/types';
import type { TextPair } from './alignedInputs';

/**
 * Sentence frequencies of the stems of both sides of the pairs, analysed as the index analyses text.
 * Stems seen in fewer than `minCount` sentences are left out: the engine reads a missing stem as rare.
 */
export function backgroundFrequencies(pairs: TextPair[], minCount: number): Partial<Record<Lang, BackgroundTable>> {
  const out: Partial<Record<Lang, BackgroundTable>> = {};
  for (const lang of LANGS) {
    const counts = new Map<string, number>();
    let units = 0;
    for (const pair of pairs) {
      const stems = new Set(indexStems(pair[lang], lang, undefined));
      if (stems.size === 0) continue;
      units++;
      for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const df: Record<string, number> = {};
    for (const s of [...counts.keys()].sort()) {
      const n = counts.get(s)!;
      // Longer stems (ids, run-together URLs) are no words, and the reader refuses them.
      if (n >= minCount && s.length <= MAX_STEM) df[s] = n;
    }
    out[lang] = { units, df };
  }
  return out;
}
