/**
 * Authentication of requests from the Bot Connector service to the bot, as the Bot Framework documents
 * it ("Authentication: Bot Connector to bot"): a `Bearer` JWT, signed RS256/384/512 with a key from the
 * OpenID metadata, issued by `https://api.botframework.com`, for this app id, within its validity period
 * (5 minutes of clock skew), endorsed for the activity's channel, and naming the activity's `serviceUrl`.
 *
 * It replaces botbuilder's inbound check, which answers a rejected token with 500 and a stack trace on
 * the console and fetches keys without a timeout. Every rejection is a {@link TeamsAuthError} with a
 * short reason for the logs; the HTTP answer stays generic.
 */
import { verify as verifySignature } from 'node:crypto';
import { IdentityProviderUnavailable, type SigningKeys } from './openIdKeys';

/** A refused token (401) or an unreachable identity provider (503). */
export class TeamsAuthError extends Error {
  constructor(
    readonly status: 401 | 503,
    /** For the rejection counters: `bad_algorithm`, `expired`, `bad_signature`, … */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TeamsAuthError';
  }
}

/** The documented issuer of Bot Connector tokens (public cloud). */
export const BOT_CONNECTOR_ISSUER = 'https://api.botframework.com';

/** Clock skew accepted on `exp` and `nbf`, in seconds (botbuilder's value). */
export const CLOCK_TOLERANCE_S = 300;

const HASHES: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/** Longest Authorization header read at all. */
const MAX_HEADER = 16 * 1024;

/** `Bearer <three base64url parts>`; each class excludes `.`, so matching is linear. */
const BEARER = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/** A header-only check, run before the body is read: `no_token`, `malformed_token` or `undefined`. */
export function bearerProblem(header: string | undefined): string | undefined {
  if (!header) return 'no_token';
  if (header.length > MAX_HEADER || !BEARER.test(header)) return 'malformed_token';
  return undefined;
}

/** Options of {@link verifyChannelToken}. */
export interface ChannelTokenOptions {
  appId: string;
  keys: SigningKeys;
  issuer?: string;
  /** Seconds since the epoch (injectable for tests). */
  nowS?: () => number;
}

/** The parts of the activity the token must match. */
export interface TokenContext {
  channelId?: string;
  serviceUrl?: string;
}

const decodePart = (part: string): Record<string, unknown> => {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

/**
 * Verifies the `Authorization` header of a Bot Connector request. Claims that need no key (algorithm,
 * issuer, audience, time) are checked first, so a forged token never makes the server fetch keys.
 * Resolves with the token's claims; rejects with a {@link TeamsAuthError}.
 */
export async function verifyChannelToken(header: string | undefined, activity: TokenContext, options: ChannelTokenOptions): Promise<{ type: string; value: string }[]> {
  const problem = bearerProblem(header);
  if (problem) throw new TeamsAuthError(401, problem);
  const [, h, p, s] = BEARER.exec(header as string) as RegExpExecArray;
  let head: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    head = decodePart(h);
    claims = decodePart(p);
  } catch {
    throw new TeamsAuthError(401, 'malformed_token');
  }
  // Only RSA algorithms: an HS256 token "signed" with the public key (algorithm confusion) ends here.
  const hash = typeof head.alg === 'string' ? HASHES[head.alg] : undefined;
  if (!hash) throw new TeamsAuthError(401, 'bad_algorithm');
  if (claims.iss !== (options.issuer ?? BOT_CONNECTOR_ISSUER)) throw new TeamsAuthError(401, 'wrong_issuer');
  const aud = claims.aud;
  if (!(aud === options.appId || (Array.isArray(aud) && aud.includes(options.appId)))) throw new TeamsAuthError(401, 'wrong_audience');
  const now = options.nowS?.() ?? Date.now() / 1000;
  if (typeof claims.exp !== 'number' || now > claims.exp + CLOCK_TOLERANCE_S) throw new TeamsAuthError(401, 'expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now + CLOCK_TOLERANCE_S < claims.nbf)) throw new TeamsAuthError(401, 'not_yet_valid');
  if (typeof head.kid !== 'string' || head.kid === '') throw new TeamsAuthError(401, 'unknown_key');

  let key;
  try {
    key = await options.keys.getKey(head.kid);
  } catch (err) {
    if (err instanceof IdentityProviderUnavailable) throw new TeamsAuthError(503, 'identity_provider_unavailable');
    throw err;
  }
  if (!key) throw new TeamsAuthError(401, 'unknown_key');
  if (!verifySignature(hash, Buffer.from(`${h}.${p}`), key.key, Buffer.from(s, 'base64url'))) throw new TeamsAuthError(401, 'bad_signature');
  if (key.endorsements.length > 0 && !(activity.channelId && key.endorsements.includes(activity.channelId))) throw new TeamsAuthError(401, 'not_endorsed');
  // The token names the service it came from; a reply must go nowhere else.
  if (claims.serviceurl !== activity.serviceUrl) throw new TeamsAuthError(401, 'wrong_service_url');
  // botbuilder's claims are strings; the few non-string claims (exp, nbf, iat) are kept as their JSON.
  return Object.entries(claims).map(([type, value]) => ({ type, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}
