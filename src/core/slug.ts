/**
 * The docs site's anchor for a heading without an explicit `<a name>`: lower case, punctuation
 * dropped, spaces to hyphens (`You're the owner of your data` → `youre-the-owner-of-your-data`).
 */
export function slugify(heading: string): string {
  return heading
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}
