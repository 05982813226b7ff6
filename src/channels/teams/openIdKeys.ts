/**
 * The signing keys of the Bot Framework's OpenID metadata, fetched with a timeout, cached, and not
 * fetched again by every request while the identity provider is failing (a short negative cache).
 * botbuilder's own fetch has no timeout and no negative cache, so the Teams surface uses this instead.
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Logger } from '../../core/logger';

/** One RSA signing key and the channels it is endorsed for. */
export interface SigningKey {
  key: KeyObject;
  /** Channel ids (`msteams`, …) the key may sign for; empty means any. */
  endorsements: string[];
}

/** Looks up a signing key by its `kid`. */
export interface SigningKeys {
  /** The key, `null` when the provider does not list it; throws {@link IdentityProviderUnavailable}. */
  getKey(kid: string): Promise<SigningKey | null>;
}

/** The identity provider could not be reached and no keys are cached: answered with 503. */
export class IdentityProviderUnavailable extends Error {
  constructor() {
    super('the identity provider is unavailable');
    this.name = 'IdentityProviderUnavailable';
  }
}

/** Options of {@link createOpenIdKeys}. */
export interface OpenIdKeysOptions {
  /** The OpenID configuration document (its `jwks_uri` names the keys). */
  metadataUrl: string;
  /** Per HTTP request (metadata, then keys), in ms. */
  timeoutMs: number;
  log: Logger;
  /** Keys are refetched after this long (default 24 h, botbuilder's interval). */
  refreshMs?: number;
  /** An unknown `kid` refetches at most this often (default 5 min): key rollover without a restart. */
  unknownKeyRefreshMs?: number;
  /** After a failed fetch, no new fetch for this long (default 30 s). */
  failureBackoffMs?: number;
  /** Largest document accepted (default 1 MiB). */
  maxBytes?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

interface Jwk {
  kty?: unknown;
  kid?: unknown;
  n?: unknown;
  e?: unknown;
  endorsements?: unknown;
}

/** Creates the cached, bounded key source for one metadata URL. */
export function createOpenIdKeys(options: OpenIdKeysOptions): SigningKeys {
  const refreshMs = options.refreshMs ?? 24 * 3_600_000;
  const unknownKeyRefreshMs = options.unknownKeyRefreshMs ?? 5 * 60_000;
  const failureBackoffMs = options.failureBackoffMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  let keys: Map<string, SigningKey> | undefined;
  let fetchedAt = 0;
  let failedAt: number | undefined;
  let inflight: Promise<void> | undefined;

  const fetchJson = async (url: string): Promise<Record<string, unknown>> => {
    const res = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > maxBytes) throw new Error(`document over ${maxBytes} bytes`);
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  };

  const load = async (): Promise<void> => {
    const metadata = await fetchJson(options.metadataUrl);
    const jwksUri = metadata.jwks_uri;
    if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri)) throw new Error('metadata without an http(s) jwks_uri');
    const jwks = await fetchJson(jwksUri);
    const next = new Map<string, SigningKey>();
    for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as Jwk[]) : []) {
      if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
      try {
        const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
        const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements.filter((x): x is string => typeof x === 'string') : [];
        next.set(jwk.kid, { key, endorsements });
      } catch {
        // A malformed key is skipped; the others still work.
      }
    }
    if (next.size === 0) throw new Error('no usable RSA keys');
    keys = next;
    fetchedAt = now();
    failedAt = undefined;
  };

  // One fetch at a time: concurrent requests wait for the same one.
  const refresh = (): Promise<void> => {
    inflight ??= load()
      .catch((err: unknown) => {
        failedAt = now();
        const correlationId = randomUUID();
        // One line per failed fetch (at most one per backoff period), with the internal URL: the log is
        // the operator's; the HTTP answer never names it.
        options.log.warn(
          { correlationId, metadataUrl: options.metadataUrl, err: err instanceof Error ? `${err.name}: ${err.message}` : String(err), cachedKeys: keys?.size ?? 0 },
          'teams: OpenID signing keys could not be fetched',
        );
      })
      .finally(() => (inflight = undefined));
    return inflight;
  };

  return {
    async getKey(kid) {
      const t = now();
      const stale = keys === undefined || t - fetchedAt > refreshMs || (!keys.has(kid) && t - fetchedAt > unknownKeyRefreshMs);
      const backingOff = failedAt !== undefined && t - failedAt < failureBackoffMs;
      if (stale && !backingOff) await refresh();
      // Stale keys are better than none while the provider is down.
      if (!keys) throw new IdentityProviderUnavailable();
      return keys.get(kid) ?? null;
    },
  };
}
