/**
 * The hand glossary holds only what the data cannot learn, and every word in it can match: a word the
 * analyzer drops (a stop word such as "us", chat filler such as "dag") would sit there doing nothing.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStopWord, stem, tokenize } from '../../src/core/analyzer';
import { parseGlossary } from '../../src/core/glossary';
import type { GlossaryEntry, Lang } from '../../src/core/types';
import { CONTENT, realIndex } from '../helpers/engine';

const glossary: GlossaryEntry[] = parseGlossary(readFileSync(join(CONTENT, 'glossary.json'), 'utf8'));

/** The tokens of a glossary word that survive analysis (what a question or page can match on). */
const matchable = (word: string, lang: Lang) => tokenize(word).filter((t) => t.length > 1 && !isStopWord(t, lang));

describe('content/glossary.json', () => {
  it('has no word the analyzer drops', () => {
    const dead = glossary.flatMap((e) => (['nl', 'en'] as const).flatMap((lang) => e[lang].filter((w) => matchable(w, lang).length === 0).map((w) => `${lang}:${w}`)));
    assert.deepEqual(dead, []);
  });

  it('has cue words that tokenise to something', () => {
    for (const e of glossary) for (const lang of ['nl', 'en'] as const) for (const c of e.cues?.[lang] ?? []) assert.ok(tokenize(c).length > 0, c);
  });

  it('leaves out concepts the learned lexicon links already (every word used by the pages and linked)', () => {
    const { index } = realIndex();
    const lexicon = index.lexicon;
    assert.ok(lexicon, 'content/ ships a learned lexicon');
    for (const e of glossary) {
      // Cue words and multi-word names ("Europese Unie" ↔ "EU") are beyond single-word alignment.
      if (e.cues || [...e.nl, ...e.en].some((w) => tokenize(w).length > 1)) continue;
      const linked = (['nl', 'en'] as const).every((lang) => {
        const other: Lang = lang === 'nl' ? 'en' : 'nl';
        const targets = new Set(e[other].flatMap((w) => matchable(w, other).map((t) => stem(t, other))));
        const used = (w: string) => matchable(w, lang).every((t) => (['nl', 'en'] as const).some((l) => (index.langs[l]?.df.get(stem(t, lang)) ?? 0) > 0));
        return e[lang].every((w) => used(w) && matchable(w, lang).some((t) => lexicon.translations(stem(t, lang), lang).some((x) => targets.has(x.stem))));
      });
      assert.ok(!linked, `the lexicon learns ${JSON.stringify(e)}: it need not be typed`);
    }
  });

  it('detects a dead word (the check can fail)', () => {
    assert.equal(matchable('us', 'en').length, 0);
    assert.equal(matchable('dag', 'nl').length, 0);
    assert.ok(matchable('retention', 'en').length > 0);
  });
});
