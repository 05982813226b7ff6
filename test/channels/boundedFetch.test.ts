/**
 * The fetch Bolt gets for response_url posts and the Web API: a server that accepts and never answers
 * makes the call fail after the limit, and the socket is released.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedFetch } from '../../src/channels/boundedFetch';

describe('boundedFetch (silent loopback server)', () => {
  it('sends method, headers and a form body, and returns status, headers and body like fetch', async () => {
    const seen: { method?: string; type?: string; body?: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, type: req.headers['content-type'], body });
        if (req.url === '/empty') {
          res.writeHead(204);
          res.end();
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json', 'x-test': 'yes' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const f = boundedFetch(2000);
      const res = await f(`${base}/api/chat.postMessage`, { method: 'POST', body: new URLSearchParams({ channel: 'C1', text: 'hé' }) });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('x-test'), 'yes');
      assert.deepEqual(await res.json(), { ok: true });
      assert.deepEqual(seen[0], { method: 'POST', type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'channel=C1&text=h%C3%A9' });
      assert.equal((await f(`${base}/empty`)).status, 204);
      await assert.rejects(boundedFetch(2000, { maxResponseBytes: 4 })(`${base}/big`), /over 4 bytes/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('gives up after the limit and frees the connection; a caller signal still works', async () => {
    let requests = 0;
    const server = http.createServer(() => {
      requests += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/1`;
    try {
      const f = boundedFetch(300);
      const started = performance.now();
      await assert.rejects(f(url, { method: 'POST', body: '{}' }), (err: Error) => err.name === 'TimeoutError' || err.name === 'AbortError');
      console.log(`      silent response_url gave up after ${Math.round(performance.now() - started)} ms`);
      const caller = new AbortController();
      const pending = f(url, { method: 'POST', body: '{}', signal: caller.signal });
      caller.abort();
      await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
      assert.equal(requests >= 1, true);
      const open = () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
      for (let i = 0; i < 50 && (await open()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await open(), 0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
