/**
 * Side-by-side ("sxs") localisation files carry every sentence twice:
 * `<span data-ttu-id="X">TRANSLATED</span><span class="sxs-lookup"><span data-stu-id="X">ENGLISH</span></span>`.
 * Splitting such a file into two plain markdown texts with the same skeleton lets both languages be
 * parsed by the same code and keep the same sections and passage order.
 */

const PAIR =
  /<span data-ttu-id="([^"]+)">([\s\S]*?)<\/span><span class="sxs-lookup"><span data-stu-id="([^"]+)">([\s\S]*?)<\/span><\/span>/g;

/** The two sides of an sxs file, plus how well they aligned. */
export interface SideBySide {
  translated: string;
  source: string;
  /** Number of sentence pairs found. */
  pairs: number;
  /** Pairs whose translation id and source id differ (kept, but reported). */
  misaligned: number;
}

/** One aligned sentence of an sxs file: where it sits in the markdown and its two halves. */
export interface SentencePair {
  start: number;
  end: number;
  /** The translation's id and the source's id (equal when the pair is well aligned). */
  ids: [string, string];
  translated: string;
  source: string;
}

/** Every translated/source sentence pair of sxs markdown, in order: the finest alignment the files carry. */
export function sentencePairs(markdown: string): SentencePair[] {
  const out: SentencePair[] = [];
  for (const m of markdown.matchAll(PAIR)) {
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, ids: [m[1], m[3]], translated: m[2], source: m[4] });
  }
  return out;
}

/** True when the markdown uses sxs spans at all. */
export function isSideBySide(markdown: string): boolean {
  return markdown.includes('data-ttu-id=');
}

/** Splits sxs markdown into its translated side and its English source side. */
export function splitSideBySide(markdown: string): SideBySide {
  const pieces = sentencePairs(markdown);
  const pairs = pieces.length;
  const misaligned = pieces.filter((p) => p.ids[0] !== p.ids[1]).length;
  let translated = '';
  let source = '';
  let at = 0;
  for (const p of pieces) {
    const between = markdown.slice(at, p.start);
    translated += between + p.translated;
    source += between + p.source;
    at = p.end;
  }
  translated += markdown.slice(at);
  source += markdown.slice(at);
  // Stray halves (a lone translation span) keep their text.
  const strip = (s: string) => s.replace(/<span data-(?:ttu|stu)-id="[^"]*">|<span class="sxs-lookup">/g, '');
  return { translated: strip(translated), source: strip(source), pairs, misaligned };
}
