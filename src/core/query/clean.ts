/**
 * Step 1 of a question: cleaning. Control characters and unpaired surrogates go, whitespace collapses.
 * The bot's command recognition and the engine share it, so both see the same text.
 */

/** Control characters and unpaired surrogates are removed; whitespace is collapsed. Never throws. */
export function cleanQuestion(raw: unknown): string {
  return String(raw ?? '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
