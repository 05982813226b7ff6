/**
 * Mention markup in Teams message text, removed in one left-to-right pass. The previous pattern,
 * `/<at[^>]*>(.*?)<\/at>/gi`, backtracks quadratically on text like `"<at".repeat(40000)` and stalled the
 * whole server for seconds; this scan looks at every character a bounded number of times.
 */

/** Longest message text (UTF-16 units) the Teams surface reads; the rest is cut before any parsing. */
export const MAX_TEAMS_TEXT = 8000;

/** `text` cut to at most `max` units, never in the middle of a surrogate pair. */
export function capText(text: string, max = MAX_TEAMS_TEXT): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Index of `needle` (lower-case ASCII, starting with `<`) at or after `from`, ignoring case; -1 if none. */
function indexOfTag(text: string, needle: string, from: number): number {
  for (let i = text.indexOf('<', from); i >= 0; i = text.indexOf('<', i + 1)) {
    if (text.slice(i, i + needle.length).toLowerCase() === needle) return i;
  }
  return -1;
}

/**
 * Replaces every `<at …>name</at>` (any case, any attributes) by `name`, like the old pattern did, in
 * linear time: the next `>` and the next `</at>` are searched forward only and remembered, and once
 * either is missing no later match is possible. Unlike the old pattern, `name` may span lines.
 */
export function stripAtTags(text: string): string {
  let out = '';
  let copied = 0;
  // Cached positions of the next `>` and `</at>`: -2 = not searched yet, -1 = none left in the text.
  let gt = -2;
  let close = -2;
  for (let p = indexOfTag(text, '<at', 0); p >= 0; p = indexOfTag(text, '<at', p)) {
    if (gt !== -1 && gt < p + 3) gt = text.indexOf('>', p + 3);
    if (gt === -1) break;
    if (close !== -1 && close <= gt) close = indexOfTag(text, '</at>', gt + 1);
    if (close === -1) break;
    out += text.slice(copied, p) + text.slice(gt + 1, close);
    copied = p = close + 5;
  }
  return out + text.slice(copied);
}
