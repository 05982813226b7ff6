/**
 * A budget on the link brackets of one page, as a markdown-it plugin. markdown-it looks for the `]` that
 * closes every `[` by scanning forward over the rest of its paragraph (nesting up to 100 deep), so its cost
 * grows with brackets × the text after them: a page of 2 MiB of `[` took 7–9 s, 1,000 `[` before 200 KB
 * of text about 2 s. Content files are hostile input, so a page over the budget is refused with the reason
 * (the loader reports it and skips the page; a download is refused and the last good copy kept) before
 * markdown-it spends that time. Real pages are far below it: over `content/` and the 783-page tree, at most
 * 558 `[` and 90,789 characters of scan on one page.
 */
import type MarkdownIt from 'markdown-it';

/** The budget of one page (markdown after DocFX preprocessing). */
export interface LinkBracketLimits {
  /** Most `[` characters on a page. 10,000: 18× the most a real page has; one can cost markdown-it ~20 µs. */
  maxBrackets: number;
  /**
   * Most characters markdown-it may have to scan for closing brackets: the sum, over every `[`, of the text
   * after it in its own paragraph, table cell or heading (the worst case: no `]` closes it). 2,000,000: 22× a
   * real page's most; at up to ~130 ns per character (brackets before emphasis), about 0.25 s.
   */
  maxScan: number;
}

/** The limits every page is parsed under. */
export const LINK_BRACKET_LIMITS: Readonly<LinkBracketLimits> = { maxBrackets: 10_000, maxScan: 2_000_000 };

/** A page refused because its link brackets would cost markdown-it too much time. */
export class LinkBracketLimitError extends Error {
  override name = 'LinkBracketLimitError';
}

function bracketCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) n++;
  return n;
}

/** The worst case of markdown-it's label scans in one inline run: each `[` may scan to the run's end. */
function scanCost(text: string): number {
  let cost = 0;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) cost += text.length - i;
  return cost;
}

/**
 * Adds the budget to a markdown-it instance: the count is checked before the block pass (which tries a
 * reference definition at every `[` that starts a paragraph), the scan once the block pass has cut the page
 * into inline runs and before the inline pass, the expensive one. Both checks are linear in the page.
 * `parse` then throws a {@link LinkBracketLimitError}.
 */
export function linkBracketBudget(md: MarkdownIt.MarkdownIt, limits: LinkBracketLimits = LINK_BRACKET_LIMITS): void {
  md.core.ruler.before('block', 'link_bracket_count', (state: MarkdownIt.StateCore) => {
    const n = bracketCount(state.src);
    if (n > limits.maxBrackets) throw new LinkBracketLimitError(`page has ${n} "[" characters, more than the ${limits.maxBrackets} a page may have (each costs markdown-it a scan for its "]")`);
  });
  md.core.ruler.before('inline', 'link_bracket_scan', (state: MarkdownIt.StateCore) => {
    let scan = 0;
    for (const token of state.tokens) {
      if (token.type !== 'inline') continue;
      scan += scanCost(token.content);
      if (scan > limits.maxScan) throw new LinkBracketLimitError(`page's "[" characters would have markdown-it scan more than ${limits.maxScan} characters for their "]" (text after many brackets in one paragraph)`);
    }
  });
}
