/**
 * The bilingual domain vocabulary (`glossary.json` next to a sources manifest): concepts with their
 * words in Dutch and English, used to carry a question across languages and to related wordings.
 */
import type { GlossaryEntry } from './types';

function words(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((w) => typeof w !== 'string' || w.trim() === '')) {
    throw new Error(`glossary ${where} must be an array of non-empty strings`);
  }
  return value as string[];
}

/** Parses `{ "concepts": [ { "nl": [...], "en": [...] } ] }`. Throws a clear Error on a bad shape. */
export function parseGlossary(json: string): GlossaryEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`glossary is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const concepts = (raw as { concepts?: unknown })?.concepts;
  if (!Array.isArray(concepts)) throw new Error('glossary must be an object with a "concepts" array');
  return concepts.map((c: unknown, i: number) => {
    const o = (c ?? {}) as Record<string, unknown>;
    const entry: GlossaryEntry = { nl: words(o.nl ?? [], `concepts[${i}].nl`), en: words(o.en ?? [], `concepts[${i}].en`) };
    if (o.cues !== undefined) {
      const cues = o.cues as Record<string, unknown>;
      entry.cues = { nl: words(cues.nl ?? [], `concepts[${i}].cues.nl`), en: words(cues.en ?? [], `concepts[${i}].cues.en`) };
    }
    return entry;
  });
}
