/**
 * Bot Framework authentication of the Teams surface on a real server, against a loopback fake identity
 * provider (OpenID metadata + JWKS with a key made in the test): forged, expired and not-yet-valid tokens
 * get a generic 401 and no stack trace; an unreachable provider a generic 503; keys are cached, and a
 * failing provider is not asked again by every request.
 */
import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { createTexts } from '../../../src/bot/i18n';
import { createTeamsPlugin } from '../../../src/channels/teams/teamsPlugin';
import { bearerProblem } from '../../../src/channels/teams/teamsAuth';
import { lineLogger } from '../../../src/core/logger';
import { buildServer } from '../../../src/server/buildServer';
import { createRejectionSummary } from '../../../src/server/rejectionSummary';
import { makeActivity, postActivity, startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { connectorClaims, signToken, startFakeIdentityProvider, type FakeIdentityProvider } from '../../helpers/fakeIdentityProvider';
import { createFakeBot, type FakeBot } from './fakeBot';

const APP_ID = '00000000-0000-0000-0000-0000000000a1';

interface Harness {
  url: string;
  bot: FakeBot;
  logs: string[];
  stop(): Promise<void>;
}

async function start(metadataUrl: string): Promise<Harness> {
  const bot = createFakeBot();
  const logs: string[] = [];
  const log = lineLogger((line) => logs.push(line));
  const rejections = createRejectionSummary({ log, surface: 'http', intervalMs: 60_000 });
  const plugin = createTeamsPlugin({
    bot,
    auth: { appId: APP_ID, appPassword: 'not-a-real-secret', openIdMetadataUrl: metadataUrl },
    texts: createTexts(),
    feedbackLog: { record: async () => undefined },
    log,
    rejections,
    timeouts: { outboundMs: 400, turnMs: 1500 },
  });
  const server: restify.Server = buildServer({ plugins: [plugin], health: () => ({}), log, rejections });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    bot,
    logs,
    async stop() {
      rejections.stop();
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Collects what botbuilder (or anything) prints on the console while `fn` runs. */
async function capturingConsole<T>(fn: () => Promise<T>): Promise<{ value: T; printed: string[] }> {
  const printed: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log };
  console.error = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  console.warn = console.error;
  try {
    return { value: await fn(), printed };
  } finally {
    Object.assign(console, saved);
  }
}

function assertGeneric(res: { status: number; body: string }, status: number, code: string, metadataUrl: string) {
  assert.equal(res.status, status, res.body);
  const body = JSON.parse(res.body) as { code: string; message: string };
  assert.equal(body.code, code);
  assert.ok(typeof body.message === 'string' && body.message.length > 0);
  for (const leak of ['algorithm', 'signature', 'expired', 'jwt', 'nbf', '127.0.0.1', metadataUrl, 'Error']) {
    assert.ok(!res.body.includes(leak), `body names "${leak}": ${res.body}`);
  }
}

describe('Teams authentication (real server, fake identity provider)', function () {
  this.timeout(20_000);
  let idp: FakeIdentityProvider;
  let connector: FakeConnector;
  let h: Harness;

  before(async () => {
    idp = await startFakeIdentityProvider();
    connector = await startFakeConnector();
    h = await start(idp.metadataUrl);
  });
  after(async () => {
    await h?.stop();
    await idp?.close();
    await connector?.close();
  });

  const activity = () => makeActivity({ serviceUrl: connector.url, text: 'Where is my data stored?' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('checks the header shape alone before the body is read', () => {
    assert.equal(bearerProblem(undefined), 'no_token');
    assert.equal(bearerProblem('Basic abc'), 'malformed_token');
    assert.equal(bearerProblem('Bearer not-a-jwt'), 'malformed_token');
    assert.equal(bearerProblem(`Bearer ${'a'.repeat(20_000)}.b.c`), 'malformed_token');
    assert.equal(bearerProblem('Bearer a.b.c'), undefined);
  });

  it('accepts a token signed with the published key, and fetches the keys once for many requests', async () => {
    for (let i = 0; i < 5; i += 1) {
      const res = await postActivity(h.url, activity(), bearer(signToken(connectorClaims(APP_ID, connector.url), { privateKey: idp.privateKey })));
      assert.equal(res.status, 200, res.body);
    }
    // Authentication passed and each turn ran; its typing indicator could not be sent, since there is no
    // token endpoint to get an outbound token from, and that failure is logged once per turn.
    const turnErrors = h.logs.filter((l) => l.startsWith('teams turn error'));
    assert.equal(turnErrors.length, 5, h.logs.join('\n'));
    assert.deepEqual(idp.hits, { metadata: 1, keys: 1 });
  });

  it('refuses forged, wrong-key, not-yet-valid and expired tokens with a generic 401, no stack and no console output', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const publicPem = idp.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const tokens: [string, string][] = [
      ['HS256 signed with the public key (algorithm confusion)', signToken(connectorClaims(APP_ID, connector.url), { hmacSecret: Buffer.from(publicPem) })],
      ['alg none', signToken(connectorClaims(APP_ID, connector.url), { privateKey: idp.privateKey, header: { alg: 'none' } })],
      ['signed with another key', signToken(connectorClaims(APP_ID, connector.url), { privateKey: other })],
      ['not yet valid', signToken(connectorClaims(APP_ID, connector.url, { nbf: now + 3600, exp: now + 7200 }), { privateKey: idp.privateKey })],
      ['expired', signToken(connectorClaims(APP_ID, connector.url, { nbf: now - 7200, exp: now - 3600 }), { privateKey: idp.privateKey })],
      ['another app', signToken(connectorClaims('00000000-0000-0000-0000-0000000000b2', connector.url), { privateKey: idp.privateKey })],
      ['another service URL', signToken(connectorClaims(APP_ID, 'http://127.0.0.1:1'), { privateKey: idp.privateKey })],
      ['unknown kid', signToken(connectorClaims(APP_ID, connector.url), { privateKey: idp.privateKey, header: { kid: 'nope' } })],
    ];
    const received = h.bot.received.length;
    const logsBefore = h.logs.length;
    const { printed } = await capturingConsole(async () => {
      for (const [what, token] of tokens) {
        const res = await postActivity(h.url, activity(), bearer(token));
        assertGeneric(res, 401, 'Unauthorized', idp.metadataUrl);
        assert.ok(what);
      }
    });
    assert.equal(h.bot.received.length, received, 'no turn ran');
    assert.deepEqual(printed, [], 'nothing printed on the console');
    const lines = h.logs.slice(logsBefore);
    assert.ok(lines.length <= 1, `one line at most for ${tokens.length} refusals (the rest go to the interval summary):\n${lines.join('\n')}`);
    assert.ok(!lines.some((l) => /\n\s+at /.test(l) || l.includes('stack')), lines.join('\n'));
  });

  it('answers an unauthenticated 300 MB declared body with 401 without waiting for it (Connection: close)', async () => {
    const url = new URL(h.url);
    const res = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: url.pathname, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) } }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, connection: r.headers.connection }));
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
      // Only the first bytes are ever sent: an answer proves nothing waited for the rest.
      req.write('{"type":"message"');
    });
    assert.equal(res.status, 401);
    assert.equal(res.connection, 'close');
  });

  it('refuses a missing or malformed Authorization header with 401 before reading the body', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      const res = await postActivity(h.url, activity(), headers);
      assertGeneric(res, 401, 'Unauthorized', idp.metadataUrl);
    }
  });
});

describe('Teams authentication when the identity provider fails', function () {
  this.timeout(20_000);

  for (const mode of ['fail', 'hang'] as const) {
    it(`answers a generic 503 when the provider ${mode === 'fail' ? 'answers 500' : 'never answers'}, and does not ask it again for every request`, async () => {
      const idp = await startFakeIdentityProvider(mode);
      const connector = await startFakeConnector();
      const h = await start(idp.metadataUrl);
      try {
        const started = performance.now();
        for (let i = 0; i < 10; i += 1) {
          const res = await postActivity(h.url, makeActivity({ serviceUrl: connector.url, text: 'hi' }), {
            authorization: `Bearer ${signToken(connectorClaims(APP_ID, connector.url), { privateKey: idp.privateKey })}`,
          });
          assertGeneric(res, 503, 'ServiceUnavailable', idp.metadataUrl);
        }
        console.log(`      10 requests with the provider in mode "${mode}": ${Math.round(performance.now() - started)} ms`);
        assert.equal(idp.hits.metadata, 1, 'one fetch, then the failure is remembered');
        const failures = h.logs.filter((l) => l.startsWith('teams: OpenID signing keys could not be fetched'));
        assert.equal(failures.length, 1, h.logs.join('\n'));
        assert.match(failures[0], /"correlationId":"[0-9a-f-]{36}"/);
        assert.equal(h.bot.received.length, 0);
      } finally {
        await h.stop();
        await idp.close();
        await connector.close();
      }
    });
  }
});
