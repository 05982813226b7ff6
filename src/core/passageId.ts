/**
 * The one owner of the passage-id format `${docId}#${anchor}~${ordinal}`: every place that builds or
 * reads a passage id, or groups passages by section, goes through here.
 */
import type { Passage } from './types';

/** The parts of a passage id. */
export interface PassageRef {
  docId: string;
  anchor: string;
  ordinal: number;
}

/** The stable, language-neutral id of a passage (both language versions share it). */
export function passageId(docId: string, anchor: string, ordinal: number): string {
  return `${docId}#${anchor}~${ordinal}`;
}

/** Reads a passage id back; undefined for anything that is not one. */
export function parsePassageId(id: string): PassageRef | undefined {
  const m = /^([^#]*)#(.*)~(\d+)$/s.exec(id);
  return m ? { docId: m[1], anchor: m[2], ordinal: Number(m[3]) } : undefined;
}

/** The id of a passage's section (document and anchor): passages of one section share it. */
export function sectionKey(ref: Pick<PassageRef, 'docId' | 'anchor'>): string {
  return `${ref.docId}#${ref.anchor}`;
}

// Passages are immutable, so a passage's section key is built once, not once per hit of every question
// (a question naming a product has thousands of hits, each grouped by section more than once).
const sectionKeys = new WeakMap<Passage, string>();

/** {@link sectionKey} of an index's (immutable) passage, built once per passage. */
export function passageSectionKey(passage: Passage): string {
  let key = sectionKeys.get(passage);
  if (key === undefined) sectionKeys.set(passage, (key = sectionKey(passage)));
  return key;
}

/** The id of the first passage of a section. */
export function sectionLeadId(ref: Pick<PassageRef, 'docId' | 'anchor'>): string {
  return passageId(ref.docId, ref.anchor, 0);
}
