/**
 * The one owner of the passage-id format `${docId}#${anchor}~${ordinal}`: every place that builds or
 * reads a passage id, or groups passages by section, goes through here.
 */

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

/** The id of the first passage of a section. */
export function sectionLeadId(ref: Pick<PassageRef, 'docId' | 'anchor'>): string {
  return passageId(ref.docId, ref.anchor, 0);
}
