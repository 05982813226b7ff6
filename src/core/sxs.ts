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

/** True when the markdown uses sxs spans at all. */
export function isSideBySide(markdown: string): boolean {
  return markdown.includes('data-ttu-id=');
}

/** Splits sxs markdown into its translated side and its English source side. */
export function splitSideBySide(markdown: string): SideBySide {
  let pairs = 0;
  let misaligned = 0;
  const pieces: { start: number; end: number; translated: string; source: string }[] = [];
  for (const m of markdown.matchAll(PAIR)) {
    pairs++;
    if (m[1] !== m[3]) misaligned++;
    pieces.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, translated: m[2], source: m[4] });
  }
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
