/**
 * The credentials the Teams adapter gets before each connector call, with the real MSAL client behind
 * them: its token request goes through the bounded network client, so a token endpoint that never answers
 * fails the token (MSAL `network_error`) after the outbound limit instead of holding the turn, and the
 * socket is closed.
 *
 * Not through the whole plugin: MSAL accepts only an https authority, and the plugin's is botbuilder's
 * public-cloud login URL, so the fake endpoint is reached through a private-cloud login endpoint here.
 */
import { strict as assert } from 'node:assert';
import type { INetworkModule } from '@azure/msal-node';
import { MicrosoftAppCredentials, MsalAppCredentials } from 'botframework-connector';
import { boundedFetch } from '../../../src/channels/boundedFetch';
import { BoundedCredentialsFactory } from '../../../src/channels/teams/boundedCredentials';
import { createMsalNetworkClient } from '../../../src/channels/teams/msalNetworkClient';
import { eventually } from '../../helpers/eventually';
import { startFakeTokenEndpoint, type FakeTokenEndpoint } from '../../helpers/fakeTokenEndpoint';

const APP_ID = '00000000-0000-0000-0000-0000000000b2';
const SCOPE = 'https://api.botframework.com';
const settings = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' };

/**
 * The bounded client, with the https the authority must have turned into the loopback fake's http, and the
 * authority's OpenID document answered here (as MSAL's metadata cache would) so that MSAL goes on to POST.
 */
function toLoopback(bounded: INetworkModule, calls: string[]): INetworkModule {
  const plain = (url: string) => url.replace(/^https:/, 'http:');
  return {
    async sendGetRequestAsync<T>(url: string) {
      calls.push(`GET ${url}`);
      const authority = url.replace(/\/v2\.0\/\.well-known\/openid-configuration$/, '');
      const body = { issuer: `${authority}/v2.0`, authorization_endpoint: `${authority}/oauth2/v2.0/authorize`, token_endpoint: `${authority}/oauth2/v2.0/token`, jwks_uri: `${authority}/discovery/v2.0/keys`, end_session_endpoint: `${authority}/oauth2/v2.0/logout` };
      return { status: 200, headers: {}, body: body as T };
    },
    sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }) {
      calls.push(`POST ${url.split('?')[0]}`);
      return bounded.sendPostRequestAsync<T>(plain(url), options);
    },
  };
}

describe('Teams credentials: MSAL token requests are bounded (loopback token endpoint)', () => {
  let endpoint: FakeTokenEndpoint;
  beforeEach(async () => {
    endpoint = await startFakeTokenEndpoint();
  });
  afterEach(() => endpoint.close());

  const authority = (tenant: string) => `${endpoint.base.replace('http:', 'https:')}/${tenant}`;

  it('a token POST that is never answered fails with MSAL network_error after the limit, and the socket is closed', async () => {
    const calls: string[] = [];
    const factory = new BoundedCredentialsFactory(settings, toLoopback(createMsalNetworkClient(boundedFetch(300)), calls));
    const credentials = await factory.createCredentials(APP_ID, SCOPE, authority('silent'), false);
    assert.ok(credentials instanceof MsalAppCredentials);
    await assert.rejects(credentials.getToken(true), (err: { errorCode?: string }) => err.errorCode === 'network_error');
    assert.deepEqual(calls, [`GET ${authority('silent')}/v2.0/.well-known/openid-configuration`, `POST ${authority('silent')}/oauth2/v2.0/token`]);
    const post = endpoint.seen.find((s) => s.method === 'POST');
    assert.ok(post, 'the token request reached the endpoint');
    const form = new URLSearchParams(post.body);
    assert.deepEqual([form.get('grant_type'), form.get('client_id'), form.get('scope')], ['client_credentials', APP_ID, `${SCOPE}/.default`]);
    await eventually(async () => assert.equal(await endpoint.openSockets(), 0));
  });

  it('a token that is answered is used', async () => {
    const factory = new BoundedCredentialsFactory(settings, toLoopback(createMsalNetworkClient(boundedFetch(2000)), []));
    const credentials = await factory.createCredentials(APP_ID, SCOPE, authority('ok'), false);
    assert.ok(credentials instanceof MsalAppCredentials);
    assert.equal(await credentials.getToken(true), 'tok');
  });

  it('the public-cloud credentials run on the bounded client too, and no app id still means no credentials', async () => {
    const network = createMsalNetworkClient(boundedFetch(300));
    const factory = new BoundedCredentialsFactory(settings, network);
    const credentials = await factory.createCredentials(APP_ID, SCOPE, 'https://login.microsoftonline.com/botframework.com', true);
    assert.ok(credentials instanceof MsalAppCredentials);
    // Inspected, not called: the public cloud is not reachable from a test.
    const config = (credentials as unknown as { clientApplication: { config: { system: { networkClient: unknown }; auth: { authority: string } } } }).clientApplication.config;
    assert.equal(config.system.networkClient, network);
    assert.equal(config.auth.authority, 'https://login.microsoftonline.com/botframework.com');
    const anonymous = new BoundedCredentialsFactory({ MicrosoftAppId: '', MicrosoftAppPassword: '' }, network);
    assert.equal(await anonymous.createCredentials('', SCOPE, 'https://login.microsoftonline.com/botframework.com', true), MicrosoftAppCredentials.Empty);
  });
});
