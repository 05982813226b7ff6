/**
 * Escaping for Slack `mrkdwn` text. Slack gives `<…>` sequences meaning (`<!channel>`, `<@U123>`,
 * `<!subteam^S1>`, `<url|label>`), so anything that comes from a user or from content must have
 * `&`, `<` and `>` replaced before it reaches a message.
 */

/**
 * Escapes text for Slack (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`), which neutralises every
 * mention and link syntax. Apply to user text and content, never to markup we build ourselves.
 */
export function escapeSlackText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes the label of a `<url|label>` link: as {@link escapeSlackText}, and `|` is replaced by a
 * look-alike because Slack has no entity for it and a `|` would end the URL part.
 */
export function escapeLinkLabel(s: string): string {
  return escapeSlackText(s.replace(/\|/g, '\u2223'));
}

/**
 * Makes a URL safe to place inside `<url|label>`. Only http(s) URLs are accepted (they come from
 * our own index, but a bad page front matter must not inject markup); returns `undefined` otherwise.
 */
export function safeLinkUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return undefined;
  // Percent-encode the characters that would end or split the link; Slack wants `&` as an entity.
  return trimmed.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
}

/** Longest message or command text (UTF-16 units) read; the rest is cut before any pattern runs. */
export const MAX_SLACK_TEXT = 8000;

/** `text` cut to {@link MAX_SLACK_TEXT}, never inside a surrogate pair. */
function capInput(text: string): string {
  if (text.length <= MAX_SLACK_TEXT) return text;
  const code = text.charCodeAt(MAX_SLACK_TEXT - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_SLACK_TEXT - 1 : MAX_SLACK_TEXT);
}

/**
 * Turns Slack's message or command text into the plain question: broadcasts (`<!channel>`, `<!here>`)
 * are dropped, user, group and channel mentions become their label, links their label (or URL), and
 * the three entities are decoded. The output side still escapes whatever the bot echoes.
 *
 * The text is capped first, and no pattern can scan past the next `<` (Slack sends a literal `<` as
 * `&lt;`, so a label or URL never contains one): with `[^>]*` instead, `"<@U1|".repeat(n)` cost O(n²).
 */
export function slackTextToPlain(s: string): string {
  return capInput(s)
    // Broadcasts and mentions are not part of the question (and must never be echoed back as pings).
    .replace(/<!(?:channel|here|everyone)(?:\|[^<>]*)?>/g, ' ')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^<>]*))?>/g, (_m, label?: string) => ` ${(label ?? '').replace(/^@/, '')} `)
    .replace(/<@[UW][A-Z0-9]+(?:\|([^<>]*))?>/g, (_m, label?: string) => ` ${label ?? ''} `)
    .replace(/<#C[A-Z0-9]+(?:\|([^<>]*))?>/g, (_m, label?: string) => ` ${label ?? ''} `)
    .replace(/<((?:https?|mailto):[^|<>\s]+)\|([^<>]*)>/g, (_m, _url: string, label: string) => label)
    .replace(/<((?:https?|mailto):[^|<>\s]+)>/g, (_m, url: string) => url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * Removes the bot's own mention (`<@U123>` or `<@U123|name>`) from a message. When the bot's user id
 * is unknown, only a mention at the very start is removed (that is how `app_mention` text begins).
 */
export function stripBotMention(text: string, botUserId?: string): string {
  const capped = capInput(text);
  if (botUserId && /^[UW][A-Z0-9]+$/.test(botUserId)) {
    return capped.replace(new RegExp(`<@${botUserId}(?:\\|[^<>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
  }
  return capped.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^<>]*)?>/, '').replace(/\s+/g, ' ').trim();
}

/** True for a well-formed Slack user id, so it can be put inside `<@…>` without escaping. */
export function isSlackUserId(id: string | undefined): id is string {
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,}$/.test(id);
}

/**
 * Cuts escaped text to at most `max` characters without splitting an entity (`&amp;`) or a `<…>`
 * link, adding `…` when it cut.
 */
export function truncateEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, safeCut(s, max - 1)) + '…';
}

/**
 * Largest index ≤ `max` at which escaped mrkdwn can be cut: not inside an `&…;` entity or a `<…>`
 * sequence. Falls back to `max` when no safe point exists (cannot happen for escaped text).
 */
export function safeCut(s: string, max: number): number {
  let cut = Math.min(max, s.length);
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 6 && s.indexOf(';', amp) >= cut) cut = amp;
  const open = s.lastIndexOf('<', cut - 1);
  if (open >= 0 && s.lastIndexOf('>', cut - 1) < open) cut = open;
  return cut > 0 ? cut : Math.min(max, s.length);
}
