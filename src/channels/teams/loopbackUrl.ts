/**
 * Whether a URL points at this machine. Without Bot Framework authentication anyone who reaches the
 * endpoint chooses the `serviceUrl` the bot sends to; only loopback targets are allowed then, so the bot
 * cannot be used to send requests into the network (server-side request forgery).
 */
import { isIP } from 'node:net';

/** True for an http(s) URL whose host is `localhost`, an IPv4 address in 127.0.0.0/8, or `[::1]`. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // WHATWG URL normalises 127.1, 0x7f.1 and friends to dotted decimal.
  return isIP(host) === 4 && host.startsWith('127.');
}
