/**
 * Groups a section's blocks into passages: the unit that is indexed and quoted. Grouping looks only at
 * block kinds, never at text length, so the two sides of a side-by-side file group identically and a
 * passage exists in both languages with the same anchor and ordinal.
 */
import type { Block, Section } from './markdownToSections';

/** Most list items or table rows in one passage before it is split (long lists, big tables). */
const MAX_ITEMS = 6;

/** A group of blocks under one section, before it gets an id and a language. */
export interface RawPassage {
  anchor: string;
  heading: string;
  ordinal: number;
  text: string;
}

function groupBlocks(blocks: Block[]): Block[][] {
  const groups: Block[][] = [];
  let current: Block[] = [];
  let items = 0;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    items = 0;
  };
  for (const block of blocks) {
    const onlyLabel = current.length > 0 && current.every((b) => b.kind === 'label');
    if (block.kind === 'para' || block.kind === 'label') {
      // A bold pseudo-heading stays with the paragraph it introduces.
      if (!onlyLabel) flush();
    } else if (items >= MAX_ITEMS) {
      // Continue a long list in a new passage that repeats its lead-in, so it still reads on its own.
      const lead = current.filter((b) => b.kind === 'para' || b.kind === 'label');
      flush();
      current.push(...lead);
    }
    if (block.kind === 'item' || block.kind === 'row' || block.kind === 'nav') items++;
    current.push(block);
  }
  flush();
  return groups;
}

/**
 * Navigation is not content: link-only items are dropped, and so is a lead-in ("For more information,
 * see:") whose list was only links.
 */
function withoutNavigation(groups: Block[][]): Block[][] {
  return groups
    .map((g) => {
      const kept = g.filter((b) => b.kind !== 'nav');
      const hadNav = kept.length < g.length;
      return hadNav && kept.every((b) => (b.kind === 'para' || b.kind === 'label') && /[:：]\s*$/.test(b.text)) ? [] : kept;
    })
    .filter((g) => g.length > 0);
}

/** Passages of a list of sections; the section heading (or the page title for the intro) is kept on each. */
export function sectionsToPassages(sections: Section[], title: string): RawPassage[] {
  const out: RawPassage[] = [];
  for (const section of sections) {
    const groups = withoutNavigation(groupBlocks(section.blocks));
    groups.forEach((group, ordinal) => {
      out.push({
        anchor: section.anchor,
        heading: section.heading || title,
        ordinal,
        text: group.map((b) => (b.kind === 'label' ? `${b.text.replace(/[:：]\s*$/, '')}:` : b.text)).join('\n'),
      });
    });
  }
  return out;
}
