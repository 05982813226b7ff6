/**
 * A loopback fake of the Bot Framework identity provider: an OpenID configuration document whose
 * `jwks_uri` lists one RSA key generated for the test, and a signer for Bot Connector tokens made with
 * node:crypto. Modes let a test make the provider fail (HTTP 500) or hang (accept, never answer).
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers. */
export type IdpMode = 'ok' | 'fail' | 'hang';

/** A running fake identity provider. */
export interface FakeIdentityProvider {
  /** The OpenID metadata URL (the plugin's `openIdMetadataUrl`). */
  metadataUrl: string;
  /** The key pair behind the published key (kid `test-key-1`). */
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** Requests received, by path. */
  hits: { metadata: number; keys: number };
  mode: IdpMode;
  close(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `claims` as a JWT with `header` (RS256 with `privateKey` unless told otherwise). */
export function signToken(claims: Record<string, unknown>, options: { privateKey?: KeyObject; hmacSecret?: Buffer; header?: Record<string, unknown> }): string {
  const header = { alg: options.hmacSecret ? 'HS256' : 'RS256', typ: 'JWT', kid: 'test-key-1', ...options.header };
  const input = `${b64(header)}.${b64(claims)}`;
  let signature: Buffer;
  if (options.hmacSecret) {
    signature = createHmac('sha256', options.hmacSecret).update(input).digest();
  } else {
    signature = sign('sha256', Buffer.from(input), options.privateKey as KeyObject);
  }
  return `${input}.${signature.toString('base64url')}`;
}

/** Claims of a valid Bot Connector token for `appId` and `serviceUrl`, valid from a minute ago for an hour. */
export function connectorClaims(appId: string, serviceUrl: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'https://api.botframework.com', aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, iat: now - 60, ...over };
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeIdentityProvider(mode: IdpMode = 'ok'): Promise<FakeIdentityProvider> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const hits = { metadata: 0, keys: 0 };
  let base = '';
  const fake: FakeIdentityProvider = {
    metadataUrl: '',
    publicKey,
    privateKey,
    hits,
    mode,
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/.well-known/openidconfiguration') hits.metadata += 1;
    if (path === '/keys') hits.keys += 1;
    if (fake.mode === 'hang') return; // accept, never answer
    if (fake.mode === 'fail') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('identity provider down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (path === '/.well-known/openidconfiguration') res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
    else res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'test-key-1', use: 'sig', endorsements: ['msteams', 'emulator'] }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.metadataUrl = `${base}/.well-known/openidconfiguration`;
  fake.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
