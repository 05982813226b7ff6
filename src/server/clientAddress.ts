/**
 * Who the client of a request is. Every per-client decision and record (the admin failure throttle, the
 * rejection counters, the audit trail's `who`, the `request` log line) takes its address from here, so
 * behind a reverse proxy or load balancer they all name the same client.
 *
 * By default the client is the TCP peer. With {@link TrustProxy} (`TRUST_PROXY`) a trusted peer may say
 * who it forwards for in `X-Forwarded-For`: the header is read from the RIGHT (each proxy appends the
 * address it received the request from), skipping trusted hops, and the first address that is not a
 * trusted hop is the client. The leftmost entries are whatever the client sent and are never believed
 * just for being there. An entry that is not an IP address ends the walk at the last address reached
 * (at worst the peer). Only the last {@link MAX_FORWARDED_CHARS} characters and
 * {@link MAX_FORWARDED_ENTRIES} entries are read: the entries the trusted proxies wrote are at the end,
 * so padding the header neither costs time nor moves a client onto the proxy's address.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type * as restify from 'restify';

/** Most characters of `X-Forwarded-For` read (the rightmost ones). */
export const MAX_FORWARDED_CHARS = 2048;
/** Most entries of `X-Forwarded-For` read (the rightmost ones). */
export const MAX_FORWARDED_ENTRIES = 32;
/** Largest hop count `TRUST_PROXY` accepts. */
export const MAX_TRUSTED_HOPS = 10;
/** Most addresses or ranges `TRUST_PROXY` accepts. */
export const MAX_TRUSTED_RANGES = 64;

/** One trusted range: a normalised address and its prefix length. */
export interface TrustedRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Which peers may name the client (`TRUST_PROXY`): `none` (the TCP peer is the client), the last `hops`
 * proxies in front of the server whatever their address, or proxies whose addresses are in `ranges`.
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'ranges'; ranges: TrustedRange[] };

/** Trust nobody: the default. */
export const TRUST_NONE: TrustProxy = { kind: 'none' };

/**
 * One address in canonical form, or `undefined` when `text` is not an IP address: IPv4 dotted (also for
 * IPv4-mapped IPv6, so `::ffff:1.2.3.4` and `1.2.3.4` are one client), IPv6 compressed and lower case. A
 * port (`1.2.3.4:5678`, `[2001:db8::1]:443`, as some load balancers write) is dropped; zone ids and
 * anything else are refused.
 */
export function normaliseAddress(text: string): string | undefined {
  let t = text.trim();
  if (t.length === 0 || t.length > 64) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(t);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(t);
  if (bracketed) t = bracketed[1];
  else if (withPort) t = withPort[1];
  const family = isIP(t);
  if (family === 4) return t;
  if (family !== 6 || t.includes('%')) return undefined;
  let canonical: string;
  try {
    // The WHATWG URL parser is the platform's IPv6 serialiser (RFC 5952: compressed, lower case).
    canonical = new URL(`http://[${t}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const hi = parseInt(mapped[1], 16);
  const lo = parseInt(mapped[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The result of {@link parseTrustProxy}: the setting, or what is wrong with it. */
export type TrustProxyParse = { ok: true; trust: TrustProxy } | { ok: false; problem: string };

/** One `address` or `address/prefix` of a `TRUST_PROXY` list. */
function parseRange(item: string): TrustedRange | string {
  const [raw, prefixText, extra] = item.split('/');
  const address = isIP(raw) ? normaliseAddress(raw) : undefined;
  if (extra !== undefined || address === undefined) return `"${item.slice(0, 60)}" is not an IP address or CIDR range`;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  const shift = family === 'ipv4' && isIP(raw) === 6 ? 96 : 0;
  const max = family === 'ipv4' ? 32 + shift : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return `"${item.slice(0, 60)}" has no valid prefix length`;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max || prefix < shift) return `"${item.slice(0, 60)}" has a prefix length outside ${shift} to ${max}`;
  if (prefix === shift) return `"${item.slice(0, 60)}" trusts every address, so any client could choose its own address`;
  return { address, prefix: prefix - shift, family };
}

/**
 * Parses `TRUST_PROXY`: empty, `0`, `false` or `off` trust nobody; a whole number from 1 to
 * {@link MAX_TRUSTED_HOPS} trusts that many proxies in front of the server; otherwise a comma-separated
 * list of proxy addresses or CIDR ranges (IPv4 or IPv6). `true` (trust every hop) is refused: it would
 * let every client choose its own address.
 */
export function parseTrustProxy(value: string | undefined): TrustProxyParse {
  const v = (value ?? '').trim();
  if (v === '' || ['0', 'false', 'off', 'no'].includes(v.toLowerCase())) return { ok: true, trust: TRUST_NONE };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= MAX_TRUSTED_HOPS
      ? { ok: true, trust: { kind: 'hops', hops } }
      : { ok: false, problem: `a hop count must be from 0 to ${MAX_TRUSTED_HOPS}` };
  }
  if (['true', 'yes', 'on', 'all', '*'].includes(v.toLowerCase())) {
    return { ok: false, problem: 'cannot trust every hop (any client could choose its own address): give the number of proxies in front of the server (e.g. 1) or their addresses' };
  }
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_TRUSTED_RANGES) return { ok: false, problem: `at most ${MAX_TRUSTED_RANGES} addresses or ranges` };
  const ranges: TrustedRange[] = [];
  for (const item of items) {
    const range = parseRange(item);
    if (typeof range === 'string') return { ok: false, problem: `${range}; expected a hop count or addresses/CIDR ranges such as 10.0.0.0/8,fd00::/8` };
    ranges.push(range);
  }
  return { ok: true, trust: { kind: 'ranges', ranges } };
}

/** The setting in a few words, for the start-up `configuration` line. */
export function describeTrustProxy(trust: TrustProxy): string {
  if (trust.kind === 'hops') return `client address from X-Forwarded-For behind ${trust.hops} trusted proxy hop${trust.hops === 1 ? '' : 's'}`;
  if (trust.kind === 'ranges') return `client address from X-Forwarded-For via ${trust.ranges.length} trusted proxy range${trust.ranges.length === 1 ? '' : 's'}`;
  return 'client address: the TCP peer (TRUST_PROXY not set)';
}

/** Answers "is the address at `position` (0 = the peer, 1 = the rightmost entry, …) a trusted hop?". */
type IsTrusted = (address: string, position: number) => boolean;

function trustTest(trust: TrustProxy): IsTrusted {
  if (trust.kind === 'hops') return (_address, position) => position < trust.hops;
  if (trust.kind === 'none') return () => false;
  const list = new BlockList();
  for (const r of trust.ranges) list.addSubnet(r.address, r.prefix, r.family);
  return (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/** The rightmost entries of `X-Forwarded-For`, capped before splitting. */
function forwardedEntries(header: string | string[] | undefined): string[] {
  let text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
  if (text.length > MAX_FORWARDED_CHARS) {
    text = text.slice(-MAX_FORWARDED_CHARS);
    // The first piece may be cut in the middle of an address (`203.0.113.55` read as `3.0.113.55`): drop it.
    const comma = text.indexOf(',');
    text = comma < 0 ? '' : text.slice(comma + 1);
  }
  return text.split(',').slice(-MAX_FORWARDED_ENTRIES);
}

/** Resolves the client of one request from its peer address and its `X-Forwarded-For` header. */
export type ClientResolver = (peer: string | undefined, forwardedFor: string | string[] | undefined) => string;

/** A {@link ClientResolver} for `trust`. Never throws; the peer stands when the header does not help. */
export function clientResolver(trust: TrustProxy): ClientResolver {
  const trusted = trustTest(trust);
  return (peer, forwardedFor) => {
    // The socket's own address is not client text; kept as it is when it has no canonical form (a zone id).
    const peerAddress = (peer && normaliseAddress(peer)) ?? peer ?? 'unknown';
    if (trust.kind === 'none' || !trusted(peerAddress, 0)) return peerAddress;
    const entries = forwardedEntries(forwardedFor);
    let client = peerAddress;
    for (let position = 1; position <= entries.length; position += 1) {
      const next = normaliseAddress(entries[entries.length - position]);
      if (next === undefined) break;
      client = next;
      if (!trusted(next, position)) break;
    }
    return client;
  };
}

const resolved = new WeakMap<IncomingMessage, string>();
const peerOnly = clientResolver(TRUST_NONE);

/** The client address of `req`: as resolved by {@link installClientAddress}, else the TCP peer. */
export function clientAddress(req: IncomingMessage): string {
  return resolved.get(req) ?? peerOnly(req.socket?.remoteAddress, undefined);
}

/** Resolves every request's client once, before anything else runs (call first, before other `pre` handlers). */
export function installClientAddress(server: restify.Server, trust: TrustProxy = TRUST_NONE): void {
  const resolve = clientResolver(trust);
  server.pre((req: restify.Request, _res: restify.Response, next: restify.Next) => {
    resolved.set(req, resolve(req.socket?.remoteAddress, req.headers['x-forwarded-for']));
    return next();
  });
}
