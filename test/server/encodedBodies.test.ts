/**
 * Compressed and oversized bodies against the real app (every surface on): any Content-Encoding but
 * identity is refused with 415 before the body is read, on every route; a gzip bomb never inflates;
 * declared and streamed sizes are bounded. The server keeps serving after each.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { createGzip } from 'node:zlib';
import { hasContentEncoding } from '../../src/server/refuseEncodedBodies';
import { TEST_ADMIN_TOKEN, TEST_SIGNING_SECRET, useRealAppWithPeers } from '../helpers/realApp';
import { signedHeaders } from '../helpers/signSlack';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with node:http; the server may answer before the body is sent (EPIPE/ECONNRESET are fine). */
function send(base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string, opts: { stopAfterBytes?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    if (body !== undefined) {
      const buf = Buffer.from(body);
      const end = Math.min(buf.length, opts.stopAfterBytes ?? buf.length);
      for (let i = 0; i < end; i += 64 * 1024) req.write(buf.subarray(i, Math.min(end, i + 64 * 1024)));
    }
    if (opts.stopAfterBytes === undefined) req.end();
  });
}

/** `mib` MiB of zeros, gzipped without ever holding the inflated bytes (about 200 KB for 200 MiB). */
async function gzipBomb(mib: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve) => gz.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i += 1) {
    if (!gz.write(zeros)) await new Promise<void>((resolve) => gz.once('drain', resolve));
  }
  gz.end();
  await done;
  return Buffer.concat(out);
}

const ROUTES: [method: string, path: string][] = [
  ['POST', '/api/messages'],
  ['POST', '/slack/events'],
  ['POST', '/admin/reindex'],
  ['GET', '/healthz'],
  ['POST', '/no-such-path'],
];

describe('compressed and oversized bodies (real app)', function () {
  this.timeout(60_000);
  const h = useRealAppWithPeers();

  const assertServing = async (after: string) => {
    const res = await send(h.real.base, 'GET', '/healthz', {});
    assert.equal(res.status, 200, `/healthz after ${after}`);
    assert.equal((JSON.parse(res.body) as { status: string }).status, 'ok');
  };

  it('recognises every encoding but identity', () => {
    assert.equal(hasContentEncoding(undefined), false);
    assert.equal(hasContentEncoding('identity'), false);
    assert.equal(hasContentEncoding(' Identity '), false);
    for (const v of ['gzip', 'GZIP', 'deflate', 'br', 'identity, gzip', 'x-gzip', 'zstd', 'bogus']) assert.equal(hasContentEncoding(v), true, v);
  });

  it('answers Content-Encoding: gzip with the bytes "hello" with 415 JSON on every route, and keeps serving', async () => {
    for (const [method, path] of ROUTES) {
      for (const encoding of ['gzip', 'deflate', 'br', 'GZip']) {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'content-encoding': encoding,
          'content-length': '5',
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...(path === '/slack/events' ? signedHeaders(TEST_SIGNING_SECRET, 'hello', 'application/json') : {}),
        };
        const res = await send(h.real.base, method, path, headers, 'hello');
        assert.equal(res.status, 415, `${method} ${path} (${encoding}): ${res.status} ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.match((JSON.parse(res.body) as { message: string }).message, /Content-Encoding/);
        await assertServing(`${method} ${path} with ${encoding}`);
      }
    }
    assert.ok(!h.real.logs.some((l) => l.startsWith('server error')), h.real.logs.join('\n'));
  });

  it('refuses a 200 MiB gzip bomb on every route without inflating it; RSS stays flat', async () => {
    const bomb = await gzipBomb(200);
    assert.ok(bomb.length < 400 * 1024, `bomb is ${bomb.length} bytes on the wire`);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const started = performance.now();
    for (let round = 0; round < 4; round += 1) {
      for (const [method, path] of ROUTES) {
        const res = await send(h.real.base, method, path, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, bomb);
        assert.equal(res.status, 415, `${method} ${path}: ${res.status}`);
      }
    }
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    // Reported, not asserted on time (speed belongs to the bench); memory growth is asserted.
    console.log(`      20 gzip bombs (${bomb.length} bytes each) answered in ${Math.round(performance.now() - started)} ms; RSS grew ${grownMb.toFixed(1)} MB`);
    assert.ok(grownMb < 50, `RSS grew ${grownMb.toFixed(1)} MB`);
    await assertServing('the gzip bombs');
  });

  it('refuses a declared Content-Length over the limit with 413 without reading the body', async () => {
    for (const [path, headers] of [
      ['/api/messages', { 'content-type': 'application/json' }],
      ['/slack/events', signedHeaders(TEST_SIGNING_SECRET, 'x', 'application/x-www-form-urlencoded')],
      ['/admin/reindex', { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }],
    ] as [string, Record<string, string>][]) {
      // Announces 300 MB and sends 64 KB, then waits: only an answer that did not wait for the body arrives.
      const res = await send(h.real.base, 'POST', path, { ...headers, 'content-length': String(300 * 1024 * 1024) }, Buffer.alloc(64 * 1024, 'a'), { stopAfterBytes: 64 * 1024 });
      assert.equal(res.status, 413, `${path}: ${res.status} ${res.body}`);
      assert.equal(res.headers.connection, 'close');
    }
    await assertServing('declared oversized bodies');
  });

  it('cuts a chunked body at the limit while it streams (the rest is never read)', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 'a');
    const res = await send(h.real.base, 'POST', '/api/messages', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big);
    assert.equal(res.status, 413, `${res.status} ${res.body}`);
    await assertServing('a chunked oversized body');
  });

  it('refuses unsigned or stale Slack deliveries with 401 before reading the body', async () => {
    const stale = Math.floor(Date.now() / 1000) - 301;
    const cases: [string, Record<string, string>][] = [
      ['missing_signature', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['missing_signature', { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) }],
      ['stale_timestamp', signedHeaders(TEST_SIGNING_SECRET, 'x', 'application/x-www-form-urlencoded', stale)],
      ['invalid_timestamp', { ...signedHeaders(TEST_SIGNING_SECRET, 'x', 'application/x-www-form-urlencoded'), 'x-slack-request-timestamp': '1e9' }],
    ];
    for (const [reason, headers] of cases) {
      // A declared 300 MB that never comes: a 401 proves nothing waited for the body.
      const res = await send(h.real.base, 'POST', '/slack/events', { ...headers, 'content-length': String(300 * 1024 * 1024) }, 'x', { stopAfterBytes: 1 });
      assert.equal(res.status, 401, `${reason}: ${res.status} ${res.body}`);
      assert.equal((JSON.parse(res.body) as { error: string }).error, reason);
    }
    await assertServing('unsigned Slack deliveries');
  });
});
