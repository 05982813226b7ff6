/**
 * Side-by-side ("sxs") localisation files carry every sentence twice:
 * `<span data-ttu-id="X">TRANSLATED</span><span class="sxs-lookup"><span data-stu-id="X">ENGLISH</span></span>`.
 * Splitting such a file into two plain markdown texts with the same skeleton lets both languages be
 * parsed by the same code and keep the same sections and passage order.
 */

const OPEN = '<span data-ttu-id="';
const LOOKUP = '</span><span class="sxs-lookup"><span data-stu-id="';
const CLOSE = '</span></span>';

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

/** End of a well-formed id starting at `at` (non-empty, no `"`, then `">`), or -1. */
function idEnd(markdown: string, at: number): number {
  const quote = markdown.indexOf('"', at);
  return quote > at && markdown[quote + 1] === '>' ? quote : -1;
}

/**
 * Every translated/source sentence pair of sxs markdown, in order: the finest alignment the files carry.
 * Each pair is `OPEN id">translated LOOKUP id">source CLOSE` with the shortest halves. A forward scan: the
 * regular expression it replaces (two lazy `[\s\S]*?`) rescanned to the end of the text from every opening
 * span, quadratic or worse on a file with unclosed spans.
 */
export function sentencePairs(markdown: string): SentencePair[] {
  const out: SentencePair[] = [];
  let lookup = -1;
  for (let start = markdown.indexOf(OPEN); start >= 0; start = markdown.indexOf(OPEN, start + 1)) {
    const id1 = start + OPEN.length;
    const id1End = idEnd(markdown, id1);
    if (id1End < 0) continue;
    const text1 = id1End + 2;
    // The first LOOKUP with a well-formed id after the translation starts (found once, reused while ahead).
    if (lookup < text1) lookup = markdown.indexOf(LOOKUP, text1);
    while (lookup >= 0 && idEnd(markdown, lookup + LOOKUP.length) < 0) lookup = markdown.indexOf(LOOKUP, lookup + 1);
    if (lookup < 0) break; // No later opening span can find one either.
    const id2 = lookup + LOOKUP.length;
    const id2End = idEnd(markdown, id2);
    const close = markdown.indexOf(CLOSE, id2End + 2);
    if (close < 0) break;
    const end = close + CLOSE.length;
    out.push({
      start,
      end,
      ids: [markdown.slice(id1, id1End), markdown.slice(id2, id2End)],
      translated: markdown.slice(text1, lookup),
      source: markdown.slice(id2End + 2, close),
    });
    start = end - 1;
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
