/**
 * The HTTP client MSAL gets for token requests, against a loopback server: a GET or POST that is never
 * answered fails after the outbound limit and its socket is closed; an answer is handed to MSAL in its
 * `NetworkResponse` shape, a non-JSON error page as MSAL's own error body.
 */
import { strict as assert } from 'node:assert';
import { boundedFetch } from '../../../src/channels/boundedFetch';
import { createMsalNetworkClient } from '../../../src/channels/teams/msalNetworkClient';
import { eventually } from '../../helpers/eventually';
import { startFakeTokenEndpoint, type FakeTokenEndpoint } from '../../helpers/fakeTokenEndpoint';

describe('MSAL network client (loopback token endpoint)', () => {
  let server: FakeTokenEndpoint;
  beforeEach(async () => {
    server = await startFakeTokenEndpoint();
  });
  afterEach(() => server.close());

  it('gives up on a token POST and a metadata GET that are never answered, and closes both sockets', async () => {
    const client = createMsalNetworkClient(boundedFetch(300));
    const form = 'client_id=app&grant_type=client_credentials&client_secret=s';
    const post = client.sendPostRequestAsync(`${server.base}/silent/token`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: form });
    const get = client.sendGetRequestAsync(`${server.base}/silent/openid-configuration`);
    await Promise.all([assert.rejects(post, { name: 'TimeoutError' }), assert.rejects(get, { name: 'TimeoutError' })]);
    assert.deepEqual(server.seen.map((s) => [s.method, s.url]).sort(), [['GET', '/silent/openid-configuration'], ['POST', '/silent/token']]);
    assert.equal(server.seen.find((s) => s.method === 'POST')?.body, form, 'the form reached the endpoint unchanged');
    await eventually(async () => assert.equal(await server.openSockets(), 0));
  });

  it("honours MSAL's own shorter timeout on a GET", async () => {
    const client = createMsalNetworkClient(boundedFetch(10_000));
    await assert.rejects(client.sendGetRequestAsync(`${server.base}/silent/region`, {}, 200), { name: 'AbortError' });
    await eventually(async () => assert.equal(await server.openSockets(), 0));
  });

  it("parses an answer into MSAL's NetworkResponse: status, lower-case headers, JSON body", async () => {
    const client = createMsalNetworkClient(boundedFetch(2000));
    const res = await client.sendPostRequestAsync<{ access_token: string }>(`${server.base}/token`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-ms-request-id'], 'req-1');
    assert.deepEqual(res.body, { token_type: 'Bearer', expires_in: 3599, access_token: 'tok' });
    assert.deepEqual(server.seen[0], { method: 'POST', url: '/token', type: 'application/x-www-form-urlencoded', body: 'a=1' });
  });

  it('hands a non-JSON error page to MSAL as a server_error body, not a parse failure', async () => {
    const res = await createMsalNetworkClient(boundedFetch(2000)).sendGetRequestAsync<{ error: string; error_description: string }>(`${server.base}/proxy`);
    assert.equal(res.status, 502);
    assert.equal(res.body.error, 'server_error');
    assert.match(res.body.error_description, /HTTP 502 Bad Gateway without a JSON body/);
    assert.doesNotMatch(res.body.error_description, /upstream down/, 'the page itself is not echoed');
  });
});
