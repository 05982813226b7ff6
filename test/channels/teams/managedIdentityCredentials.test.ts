/**
 * A managed identity's token (`MicrosoftAppType=UserAssignedMSI`) through the Teams credentials factory, with
 * the real @azure/identity and MSAL behind it, from an identity endpoint on loopback. MSAL finds the endpoint
 * only in the environment (App Service's `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`; config.ts never reads
 * them, the library does), and keeps the source it found for the whole process: so one fake serves every
 * test here, and it answers or stays silent by the identity's client id.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedFetch } from '../../../src/channels/boundedFetch';
import { BoundedCredentialsFactory } from '../../../src/channels/teams/boundedCredentials';
import { ManagedIdentityCredentials, withDeadline } from '../../../src/channels/teams/managedIdentityCredentials';
import { createMsalNetworkClient } from '../../../src/channels/teams/msalNetworkClient';
import { eventually } from '../../helpers/eventually';

const SILENT_ID = '00000000-0000-0000-0000-0000000000c1';
const ANSWERED_ID = '00000000-0000-0000-0000-0000000000c2';
const SCOPE = 'https://api.botframework.com';
const LOGIN = 'https://login.microsoftonline.com/botframework.com';
const TIMEOUT_MS = 300;

describe('Teams credentials: managed identity tokens are bounded (loopback identity endpoint)', () => {
  let server: http.Server;
  const seen: { url: URL; header?: string }[] = [];
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ url, header: req.headers['x-identity-header'] as string | undefined });
      if (url.searchParams.get('client_id') === SILENT_ID) return; // accepted, never answered
      res.writeHead(200, { 'content-type': 'application/json' });
      const expires = Math.floor(Date.now() / 1000) + 3600;
      res.end(JSON.stringify({ access_token: 'mi-tok', expires_on: String(expires), resource: url.searchParams.get('resource'), token_type: 'Bearer' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = 'header-for-tests';
  });

  after(async () => {
    for (const [name, value] of [['IDENTITY_ENDPOINT', saved.endpoint], ['IDENTITY_HEADER', saved.header]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const openSockets = () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  const factoryFor = (appId: string) => {
    const fetch = boundedFetch(TIMEOUT_MS);
    return new BoundedCredentialsFactory({ MicrosoftAppId: appId, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant-for-tests' }, createMsalNetworkClient(fetch), { timeoutMs: TIMEOUT_MS, fetch });
  };

  it('a token request that is never answered fails with a timeout after the limit, once, and the socket is closed', async () => {
    const credentials = await factoryFor(SILENT_ID).createCredentials(SILENT_ID, SCOPE, LOGIN, true);
    assert.ok(credentials instanceof ManagedIdentityCredentials);
    const before = seen.length;
    await assert.rejects(credentials.getToken(true), (err: { name?: string; code?: string; message?: string }) =>
      err.name === 'TimeoutError' && err.code === 'ETIMEDOUT' && /within 300 ms/.test(err.message ?? ''));
    const asked = seen.slice(before);
    assert.equal(asked.length, 1, 'one request reached the endpoint');
    assert.equal(asked[0].url.pathname, '/msi/token');
    assert.equal(asked[0].url.searchParams.get('client_id'), SILENT_ID);
    assert.equal(asked[0].url.searchParams.get('resource'), SCOPE);
    assert.equal(asked[0].header, 'header-for-tests');
    await eventually(async () => assert.equal(await openSockets(), 0));
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(seen.length, before + 1, 'no retry after the deadline');
  });

  it('a token that is answered is used, and cached for the next call', async () => {
    const credentials = await factoryFor(ANSWERED_ID).createCredentials(ANSWERED_ID, SCOPE, LOGIN, true);
    assert.ok(credentials instanceof ManagedIdentityCredentials);
    const before = seen.length;
    assert.equal(await credentials.getToken(true), 'mi-tok');
    assert.equal(await credentials.getToken(), 'mi-tok');
    assert.equal(seen.length, before + 1);
    assert.equal(seen[before].url.searchParams.get('client_id'), ANSWERED_ID);
  });

  it('the deadline holds for a credential that never settles, and passes its abort signal on', async () => {
    let given: AbortSignal | undefined;
    const never = { getToken: (_scope: string | string[], options?: { abortSignal?: AbortSignal }) => ((given = options?.abortSignal), new Promise<never>(() => undefined)) };
    const credentials = new ManagedIdentityCredentials(SILENT_ID, SCOPE, never, 200);
    await assert.rejects(credentials.getToken(true), { name: 'TimeoutError' });
    assert.equal(given?.aborted, true, 'the credential was told to give up');
    await assert.rejects(withDeadline(50, () => new Promise(() => undefined)), /within 50 ms/);
    assert.equal(await withDeadline(1000, async () => 'done'), 'done');
  });
});
