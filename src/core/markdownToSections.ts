/**
 * Turns DocFX-flavoured markdown into sections of plain-text blocks, using markdown-it's token stream
 * (CommonMark + GFM tables) rather than regular expressions over the raw text.
 */
import MarkdownIt from 'markdown-it';
type Token = MarkdownIt.Token;
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

const parser = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** DocFX `[!INCLUDE [title](path)]`; the loader resolves these before parsing, any left over are dropped. */
export const INCLUDE = /\[!INCLUDE\s*\[[^\]]*\]\(([^)\s]+)\)\s*\]/gi;
const CALLOUT = /^(\s*>\s*)\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION|div[^\]]*)\]/gim;

/** DocFX syntax that markdown-it does not know is rewritten to plain markdown first. */
function preprocess(markdown: string): string {
  return markdown
    .replace(INCLUDE, '')
    .replace(CALLOUT, '$1')
    .replace(/<br\s*\/?>/gi, LINE_BREAK)
    .replace(/<!--[\s\S]*?-->/g, '');
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
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Parses markdown (without front matter) into sections. The first section holds text before any heading. */
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
