/**
 * One rule for user text the bot shows again (a question in a shared answer, a name, a logged comment):
 * control characters are removed, so nobody can reorder what others read (Unicode bidi overrides and
 * isolates, U+202A–202E, U+2066–2069, marks U+200E/U+200F) or smuggle terminal or layout controls
 * (C0 and C1, DEL, line and paragraph separators, zero-width characters, a byte-order mark).
 */

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Lone surrogates cannot be encoded as UTF-8 and break JSON consumers. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` without control characters (tab and newlines are kept: callers that need one line fold them).
 * Linear in the input: one pass per pattern, no backtracking.
 */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATE, '');
}
