/**
 * Broken and hostile HTTP against the real app (createApp, every surface on): bad JSON, wrong content
 * types, oversized bodies, activities and Slack bodies with fields missing. Each must get a 4xx with a
 * JSON body carrying a human-readable message, never a 5xx, and the server must keep serving.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { buildServer } from '../../src/server/buildServer';
import { TEST_ADMIN_TOKEN, TEST_SIGNING_SECRET, useRealAppWithPeers } from '../helpers/realApp';
import { signedHeaders } from '../helpers/signSlack';
import { lineLogger } from '../../src/core/logger';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const LIMIT = 256 * 1024;

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends one request with node:http (not fetch: it must be able to send any header, a chunked body,
 * and still read the answer when the server answers before the whole body is sent).
 */
function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close while the body is still going out: that is fine.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    if (body !== undefined && chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 16 * 1024) req.write(buf.subarray(i, i + 16 * 1024));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Asserts a 4xx (one of `statuses`) with a JSON body that explains itself; returns the parsed body. */
function assertClientError(res: Reply, statuses: number[], what: string): Record<string, unknown> {
  assert.ok(res.status < 500, `${what}: got ${res.status} ${res.body.slice(0, 200)}`);
  assert.ok(statuses.includes(res.status), `${what}: expected ${statuses.join('/')}, got ${res.status} ${res.body.slice(0, 200)}`);
  assert.match(res.contentType, /^application\/json/, `${what}: content type ${res.contentType}`);
  const parsed = JSON.parse(res.body) as unknown;
  assert.ok(parsed && typeof parsed === 'object' && !Array.isArray(parsed), `${what}: body is not a JSON object: ${res.body}`);
  const body = parsed as Record<string, unknown>;
  const error = body.error as unknown;
  const message = typeof body.message === 'string' ? body.message : typeof error === 'string' ? error : (error as { message?: unknown } | undefined)?.message;
  assert.ok(typeof message === 'string' && message.length > 0, `${what}: no human-readable message in ${res.body}`);
  return body;
}

const activity = (serviceUrl: string, over: Record<string, unknown> = {}, drop: string[] = []) => {
  const a: Record<string, unknown> = {
    type: 'message',
    id: 'malformed-1',
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: 'malformed-conv', conversationType: 'personal' },
    from: { id: 'user-1', aadObjectId: 'aad-user-1' },
    recipient: { id: 'bot-id' },
    locale: 'en-US',
    text: 'Where is my data stored?',
    ...over,
  };
  for (const k of drop) delete a[k];
  return JSON.stringify(a);
};

describe('malformed HTTP against the real app', function () {
  this.timeout(30_000);
  const h = useRealAppWithPeers();
  afterEach(async function () {
    // Whatever the last request did, the server still serves.
    if (!h.real) return;
    const res = await send(h.real.base, 'GET', '/healthz', {});
    assert.equal(res.status, 200, `/healthz after "${this.currentTest?.title}"`);
    assert.equal((JSON.parse(res.body) as { status: string }).status, 'ok');
  });

  const post = (path: string, contentType: string | undefined, body: string, headers: Record<string, string> = {}) =>
    send(h.real.base, 'POST', path, { ...(contentType ? { 'content-type': contentType } : {}), 'content-length': String(Buffer.byteLength(body)), ...headers }, body);

  describe('POST /api/messages', () => {
    it('answers bad JSON with 400', async () => {
      for (const body of ['{bad', '{"type":"message",', '\u0000\u0001', '{"a":1}}']) {
        assertClientError(await post('/api/messages', JSON_TYPE, body), [400], `bad JSON ${JSON.stringify(body)}`);
      }
    });

    it('answers JSON that is not an object, or no body at all, with 400', async () => {
      for (const body of ['', '[]', 'null', '"text"', '42', 'true', '[{"type":"message"}]']) {
        assertClientError(await post('/api/messages', JSON_TYPE, body), [400], `body ${JSON.stringify(body)}`);
      }
    });

    it('answers a content type other than JSON with 415', async () => {
      const body = activity(h.connector.url);
      for (const type of ['text/plain', 'application/xml', 'text/xml', FORM, 'multipart/form-data; boundary=x', 'application/octet-stream', undefined]) {
        const res = await post('/api/messages', type, body);
        const parsed = assertClientError(res, [415], `content type ${type}`);
        assert.match(String(parsed.message), /application\/json/);
      }
      assert.equal(h.connector.calls.length, 0, 'no turn ran');
    });

    it('answers an activity without type, conversation or serviceUrl, or with a field of the wrong type, with 400 naming the field', async () => {
      const cases: [string, string][] = [
        [activity(h.connector.url, {}, ['type']), 'type'],
        [activity(h.connector.url, { type: '' }), 'type'],
        [activity(h.connector.url, { type: 42 }), 'type'],
        [activity(h.connector.url, {}, ['conversation']), 'conversation'],
        [activity(h.connector.url, { conversation: {} }), 'conversation'],
        [activity(h.connector.url, { conversation: 'c1' }), 'conversation'],
        [activity(h.connector.url, {}, ['serviceUrl']), 'serviceUrl'],
        [activity(h.connector.url, { serviceUrl: 'file:///etc/passwd' }), 'serviceUrl'],
        [activity(h.connector.url, { serviceUrl: 'javascript:alert(1)' }), 'serviceUrl'],
        [JSON.stringify({ text: 'hi' }), 'type'],
        // Present but of the wrong type: each used to fail the turn (or the reply's serialisation) with no answer.
        [activity(h.connector.url, { text: 42 }), 'text'],
        [activity(h.connector.url, { text: { a: 1 } }), 'text'],
        [activity(h.connector.url, { locale: 42 }), 'locale'],
        [activity(h.connector.url, { entities: 'x' }), 'entities'],
        [activity(h.connector.url, { entities: [null] }), 'entities'],
        [activity(h.connector.url, { type: 'conversationUpdate', membersAdded: 'x' }), 'membersAdded'],
        [activity(h.connector.url, { conversation: { id: 'c', conversationType: 5 } }), 'conversationType'],
      ];
      for (const [body, field] of cases) {
        const parsed = assertClientError(await post('/api/messages', JSON_TYPE, body), [400], `missing ${field}: ${body.slice(0, 80)}`);
        assert.ok(String(parsed.message).includes(field), `message names ${field}: ${String(parsed.message)}`);
      }
      assert.equal(h.connector.calls.length, 0, 'no turn ran');
      assert.ok(!h.real.logs.some((l) => /teams (request|turn) error/.test(l)), h.real.logs.join('\n'));
    });

    it('answers a body over the limit with 413, with or without Content-Length', async () => {
      const big = activity(h.connector.url, { text: 'x'.repeat(LIMIT) });
      assertClientError(await post('/api/messages', JSON_TYPE, big), [413], 'oversized');
      const chunked = await send(h.real.base, 'POST', '/api/messages', { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' }, big, true);
      assertClientError(chunked, [413], 'oversized, chunked');
      assert.equal(h.connector.calls.length, 0);
    });

    it('still answers a well-formed activity after all that', async () => {
      const res = await post('/api/messages', JSON_TYPE, activity(h.connector.url, { conversation: { id: 'after-malformed', conversationType: 'personal' } }));
      assert.equal(res.status, 200);
      await h.connector.waitFor((c) => c.conversationId === 'after-malformed' && c.activity.type === 'message');
    });

    it('answers unknown paths and methods with JSON 404 / 405', async () => {
      assertClientError(await send(h.real.base, 'GET', '/nope', { accept: 'text/html' }), [404], 'unknown path');
      assertClientError(await send(h.real.base, 'GET', '/api/messages', {}), [405], 'GET /api/messages');
    });
  });

  describe('POST /admin/reindex', () => {
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

    it('answers bad JSON with 400 and does not reindex, with or without the token', async () => {
      assertClientError(await post('/admin/reindex', JSON_TYPE, '{bad', auth), [400], 'bad JSON, token');
      assertClientError(await post('/admin/reindex', JSON_TYPE, '{bad'), [400, 401], 'bad JSON, no token');
      assert.equal(h.real.app.service.running(), false);
      assert.ok(!h.real.logs.some((l) => l.includes('"result":"ok"')), 'no reindex ran');
    });

    it('answers a wrong content type with 415 and a body over the limit with 413', async () => {
      assertClientError(await post('/admin/reindex', 'text/plain', 'reindex please', auth), [415], 'text/plain');
      assertClientError(await post('/admin/reindex', 'application/xml', '<reindex/>', auth), [415], 'xml');
      assertClientError(await post('/admin/reindex', JSON_TYPE, `"${'x'.repeat(LIMIT)}"`, auth), [413], 'oversized');
    });

    it('answers no or a wrong token with 401 JSON', async () => {
      assertClientError(await post('/admin/reindex', JSON_TYPE, '{}'), [401], 'no token');
      assertClientError(await post('/admin/reindex', JSON_TYPE, '{}', { authorization: 'Bearer wrong' }), [401], 'wrong token');
    });
  });

  describe('POST /slack/events', () => {
    const signed = (body: string, type: string) => post('/slack/events', undefined, body, signedHeaders(TEST_SIGNING_SECRET, body, type));

    it('answers bad JSON with 400 when signed, and with 401 before reading it when not', async () => {
      assertClientError(await post('/slack/events', JSON_TYPE, '{bad'), [401], 'bad JSON, unsigned');
      assertClientError(await signed('{bad', JSON_TYPE), [400], 'bad JSON, signed');
      assertClientError(await signed('[1,2]', JSON_TYPE), [400], 'JSON array, signed');
    });

    it('answers a wrong content type with 415 when signed, 401 when not (the signature headers are checked first)', async () => {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        assertClientError(await post('/slack/events', type, 'command=/privacy&text=hi'), [401], `${type}, unsigned`);
        assertClientError(await signed('command=/privacy&text=hi', type), [415], `${type}, signed`);
      }
    });

    it('answers a body over the limit with 413', async () => {
      const big = `command=%2Fprivacy&text=${'x'.repeat(LIMIT)}`;
      assertClientError(await signed(big, FORM), [413], 'oversized, signed');
      assertClientError(await post('/slack/events', FORM, big), [401], 'oversized, unsigned: refused on its headers');
    });

    it('answers an unsigned body without type or command with 401', async () => {
      for (const [body, type] of [['{}', JSON_TYPE], ['{"token":"x"}', JSON_TYPE], ['token=x&text=hi', FORM], ['', FORM]]) {
        assertClientError(await post('/slack/events', type, body), [401], `unsigned ${body}`);
      }
    });

    it('acks a signed body without type or command without running anything (Slack must not retry it)', async () => {
      const before = h.slackApi.calls.length;
      for (const [body, type] of [['{}', JSON_TYPE], ['{"token":"x"}', JSON_TYPE], ['token=x&text=hi', FORM], ['type=foo', FORM]]) {
        const res = await signed(body, type);
        // The receiver's contract: every genuine (signed) delivery is acknowledged, unknown ones with 200 and no body.
        assert.equal(res.status, 200, `signed ${body}: ${res.status} ${res.body}`);
        assert.equal(res.body, '');
      }
      assert.equal(h.slackApi.calls.length, before, 'nothing was posted to Slack');
    });
  });

  describe('afterwards', () => {
    it('never logged a server error (5xx) for any of the above', () => {
      assert.ok(!h.real.logs.some((l) => l.startsWith('server error')), h.real.logs.filter((l) => l.startsWith('server error')).join('\n'));
    });
  });
});

describe('buildServer: a handler that fails', () => {
  it('answers 500 JSON with a reference, never the internal message, and logs the message with the reference', async () => {
    const logs: string[] = [];
    const server = buildServer({
      plugins: [{
        name: 'boom',
        mount: (s: restify.Server) => {
          s.post('/boom', async () => {
            throw new Error('secret internals at /srv/app/x.js');
          });
        },
      }],
      health: () => ({}),
      log: lineLogger((l) => logs.push(l)),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await send(base, 'POST', '/boom', { 'content-type': JSON_TYPE, 'content-length': '2', accept: 'text/html' }, '{}');
      assert.equal(res.status, 500);
      assert.match(res.contentType, /^application\/json/);
      assert.ok(!res.body.includes('secret'), res.body);
      const reference = /reference ([0-9a-f-]{36})/.exec(String((JSON.parse(res.body) as { message: string }).message))?.[1];
      assert.ok(reference, res.body);
      assert.ok(logs.some((l) => l.includes(reference) && l.includes('secret internals')), logs.join('\n'));
      assert.equal((await send(base, 'GET', '/healthz', {})).status, 200);
    } finally {
      server.close();
    }
  });
});
