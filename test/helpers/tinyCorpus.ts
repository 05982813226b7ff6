/** A tiny inline corpus for ranking and decision unit tests: a few pages, a few passages each. */
import { passageId } from '../../src/core/passageId';
import { buildIndex, type SearchIndex } from '../../src/core/searchIndex';
import type { GlossaryEntry, Lang, LoadedDocument } from '../../src/core/types';

/** One page: its product names and its sections as [lang, anchor, heading, text]. */
export interface TinyPage {
  id: string;
  products?: string[];
  /** Aliases per language, as `sources.json` declares them. */
  aliases?: Partial<Record<Lang, string[]>>;
  sections: [Lang, string, string, string][];
}

/** Builds an index of inline pages (URLs are https://docs.test/<id>). */
export function tinyIndex(pages: TinyPage[], glossary: GlossaryEntry[] = []): SearchIndex {
  const documents: LoadedDocument[] = pages.map((p) => {
    const ordinals = new Map<string, number>();
    return {
      id: p.id,
      title: { en: `${p.id} (en)`, nl: `${p.id} (nl)` },
      url: { en: `https://docs.test/en/${p.id}`, nl: `https://docs.test/nl/${p.id}` },
      products: p.products ?? [],
      ...(p.aliases ? { productNames: { names: p.products ?? [], aliases: p.aliases } } : {}),
      files: [],
      hash: p.id,
      passages: p.sections.map(([lang, anchor, heading, text]) => {
        const key = `${lang}#${anchor}`;
        const ordinal = ordinals.get(key) ?? 0;
        ordinals.set(key, ordinal + 1);
        return { id: passageId(p.id, anchor, ordinal), docId: p.id, anchor, ordinal, lang, heading, text, aligned: true };
      }),
    };
  });
  return buildIndex({ documents, problems: [], glossary }, () => new Date(0));
}
