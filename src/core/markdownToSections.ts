/**
 * Turns DocFX-flavoured markdown into sections of plain-text blocks, using markdown-it's token stream
 * (CommonMark + GFM tables) rather than regular expressions over the raw text.
 */
import MarkdownIt from 'markdown-it';
type Token = MarkdownIt.Token;
import { linkBracketBudget } from './linkBracketBudget';
import { slugify } from './slug';

/** A paragraph-level piece of text and where it came from. */
export interface Block {
  /**
   * `label` is a paragraph that is only bold text (a pseudo-heading such as `**At service onboarding**`);
   * `nav` is a list item or paragraph that is all link text ("Next steps", "see also" lists).
   */
  kind: 'para' | 'item' | 'row' | 'label' | 'nav';
  text: string;
}

/** A heading with the blocks under it (up to the next heading of any level). */
export interface Section {
  anchor: string;
  heading: string;
  level: number;
  blocks: Block[];
}

// The bracket budget refuses a page whose link scans would take seconds (linkBracketBudget.ts).
const parser = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(linkBracketBudget);

/**
 * Replaces every DocFX `[!INCLUDE [title](path)]` (any case, whitespace after `INCLUDE` and before the
 * closing `]`) with `replace(path)`. The loader resolves these before parsing; any left over are dropped.
 * A linear scan: the regular expression it replaces rescanned to the end of the text from every `[!INCLUDE`,
 * which is quadratic on a hostile page.
 */
export function replaceIncludes(text: string, replace: (target: string) => string): string {
  const starts = /\[!INCLUDE\s*\[/gi;
  const closeBracket = nextOf(text, (c) => c === ']');
  const pathEnd = nextOf(text, (c) => c === ')' || WS.test(c));
  const nonSpace = nextOf(text, (c) => !WS.test(c));
  let out = '';
  let at = 0;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const titleEnd = closeBracket(starts.lastIndex);
    if (titleEnd < 0) break; // No `]` left: no later include can close either.
    if (text[titleEnd + 1] !== '(') continue;
    const end = pathEnd(titleEnd + 2);
    if (end < 0) break;
    if (end === titleEnd + 2 || text[end] !== ')') continue;
    const close = nonSpace(end + 1);
    if (close < 0 || text[close] !== ']') continue;
    out += text.slice(at, m.index) + replace(text.slice(titleEnd + 2, end));
    at = close + 1;
    starts.lastIndex = at;
  }
  return out + text.slice(at);
}

const WS = /\s/;

/**
 * `find(from)` = index of the first character at or after `from` that satisfies `is`, or -1. Remembers the
 * last answer, so calls with non-decreasing or nearby `from` cost linear time in total.
 */
function nextOf(text: string, is: (c: string) => boolean): (from: number) => number {
  let from = Number.POSITIVE_INFINITY; // Nothing searched yet.
  let found = -1;
  return (start) => {
    // The remembered hit is still the first one when `start` lies between the last search start and it.
    if (start >= from && (found < 0 || start <= found)) return found;
    let i = start;
    while (i < text.length && !is(text[i])) i++;
    from = start;
    found = i < text.length ? i : -1;
    return found;
  };
}

const LINE_END = /[\n\r\u2028\u2029]/;
const CALLOUT = /^(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i;

/**
 * True when the `>` at `i` is first on its line, blank lines and indentation included. (The old
 * multiline `^\s*>` matched that; its `\s*` ran across lines from every line start, quadratic on blank lines.)
 */
function startsLine(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && WS.test(text[j])) {
    if (LINE_END.test(text[j])) return true;
    j--;
  }
  return j < 0;
}

/** Drops DocFX call-out markers (`> [!NOTE]`, `> [!div class="..."]`) and keeps the quote itself. */
function dropCallouts(text: string): string {
  const marker = />\s*\[!/g;
  const closeBracket = nextOf(text, (c) => c === ']');
  let out = '';
  let at = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    const name = marker.lastIndex;
    if (!startsLine(text, m.index)) continue;
    let end = -1;
    const fixed = CALLOUT.exec(text.slice(name, name + 10));
    if (fixed) end = name + fixed[0].length;
    else if (text.slice(name, name + 3).toLowerCase() === 'div') {
      const close = closeBracket(name + 3);
      if (close < 0) continue;
      end = close + 1;
    }
    if (end < 0) continue;
    out += text.slice(at, m.index) + m[0].slice(0, -2);
    at = end;
    marker.lastIndex = end;
  }
  return out + text.slice(at);
}

/** Removes `open ... close` spans (shortest each), replacing each with `by`; an unclosed `open` stays as it is. */
function removeSpans(text: string, open: string, close: string, by: string): string {
  let out = '';
  let at = 0;
  for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, at)) {
    const end = text.indexOf(close, i + open.length);
    if (end < 0) break; // Nothing closes it, nor any later one.
    out += text.slice(at, i) + by;
    at = end + close.length;
  }
  return out + text.slice(at);
}

/** DocFX syntax that markdown-it does not know is rewritten to plain markdown first. */
function preprocess(markdown: string): string {
  const text = dropCallouts(replaceIncludes(markdown, () => '')).replace(/<br\s*\/?>/gi, LINE_BREAK);
  return removeSpans(text, '<!--', '-->', '');
}

// `<br>` may sit inside a table row, where a real newline would end the table: a marker survives parsing.
const LINE_BREAK = '\u2028';

const ANCHOR_NAME = /<a\s+(?:name|id)\s*=\s*"([^"]+)"/i;

/** Plain text of an inline token's children; collects explicit anchors on the way. */
function inlineText(token: Token, anchors?: string[]): string {
  let out = '';
  for (const child of token.children ?? []) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        out += child.content;
        break;
      case 'softbreak':
        out += ' ';
        break;
      case 'hardbreak':
        out += '\n';
        break;
      // Images (and their alt text) are dropped: they are never an answer.
      case 'html_inline': {
        const m = ANCHOR_NAME.exec(child.content);
        if (m && anchors) anchors.push(m[1]);
        break;
      }
      default:
        break;
    }
  }
  return out
    .replace(new RegExp(LINE_BREAK, 'g'), '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n+/g, '\n')
    .trim();
}

/** Share of an inline token's text that sits inside links. */
function linkShare(token: Token): number {
  let inLink = 0;
  let all = 0;
  let depth = 0;
  for (const child of token.children ?? []) {
    if (child.type === 'link_open') depth++;
    else if (child.type === 'link_close') depth = Math.max(0, depth - 1);
    else if (child.type === 'text' || child.type === 'code_inline') {
      const n = child.content.trim().length;
      all += n;
      if (depth > 0) inLink += n;
    }
  }
  return all === 0 ? 0 : inLink / all;
}

/** True when an inline token is nothing but bold text (a pseudo-heading). */
function isBoldOnly(token: Token): boolean {
  const kids = (token.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === ''));
  return kids.length >= 3 && kids[0].type === 'strong_open' && kids[kids.length - 1].type === 'strong_close' &&
    kids.filter((c) => c.type === 'strong_open').length === 1;
}

function stripTags(html: string): string {
  return removeSpans(html, '<', '>', ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Parses markdown (without front matter) into sections. The first section holds text before any heading.
 * Throws a `LinkBracketLimitError` for a page over the link-bracket budget (`LINK_BRACKET_LIMITS`).
 */
export function markdownToSections(markdown: string): Section[] {
  const tokens = parser.parse(preprocess(markdown), {});
  const sections: Section[] = [{ anchor: '', heading: '', level: 0, blocks: [] }];
  let current = sections[0];
  let listDepth = 0;
  let row: string[] | null = null;
  let inHead = false;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        const anchors: string[] = [];
        const heading = inlineText(inline, anchors);
        current = { anchor: anchors[0] ?? slugify(heading), heading, level: Number(t.tag.slice(1)), blocks: [] };
        sections.push(current);
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        listDepth++;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close': {
        // Header rows ("Title | Description") are labels, not content.
        const cells = (row ?? []).filter((c) => c !== '');
        if (!inHead && cells.length > 0) current.blocks.push({ kind: 'row', text: cells.join(' — ') });
        row = null;
        break;
      }
      case 'inline': {
        const text = inlineText(t);
        if (row) {
          row.push(text);
        } else if (text !== '') {
          const kind = linkShare(t) >= 0.9 ? 'nav' : listDepth > 0 ? 'item' : isBoldOnly(t) ? 'label' : 'para';
          current.blocks.push({ kind, text });
        }
        break;
      }
      case 'fence':
      case 'code_block': {
        const text = t.content.trim();
        if (text) current.blocks.push({ kind: 'para', text });
        break;
      }
      case 'html_block': {
        const text = stripTags(t.content);
        if (text) current.blocks.push({ kind: 'para', text });
        break;
      }
      default:
        break;
    }
  }
  return sections.filter((s) => s.level > 0 || s.blocks.length > 0);
}
