/**
 * Pseudonymous user ids for the logs: an HMAC-SHA256 of the surface and id under a configured key, so
 * the same person gets the same stable token (feedback can be grouped) while the token cannot be turned
 * back into a Teams or Slack id without the key. Without a key no user id is stored at all.
 */
import { createHmac } from 'node:crypto';

/** Maps a user id to what a log stores: a token, or `undefined` (store none). */
export type UserIdPolicy = (surface: string, userId: string) => string | undefined;

/** Hex characters kept of the HMAC: 96 bits, plenty to keep people apart in one deployment. */
const TOKEN_HEX = 24;

/** The policy for `key`: HMAC tokens (`u_<hex>`) when a key is given, no user id when it is absent or empty. */
export function userIdPolicy(key: string | undefined): UserIdPolicy {
  if (!key) return () => undefined;
  return (surface, userId) => {
    if (!userId) return undefined;
    return `u_${createHmac('sha256', key).update(`${surface}\0${userId}`, 'utf8').digest('hex').slice(0, TOKEN_HEX)}`;
  };
}
