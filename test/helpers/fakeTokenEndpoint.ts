/**
 * A loopback fake of a token endpoint (plain HTTP): a path with `/silent` is accepted and never answered,
 * `/proxy` answers an HTML 502, anything else a client-credentials token as JSON.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface SeenRequest {
  method?: string;
  url?: string;
  type?: string;
  body: string;
}

/** A running fake token endpoint. */
export interface FakeTokenEndpoint {
  base: string;
  seen: SeenRequest[];
  openSockets(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeTokenEndpoint(): Promise<FakeTokenEndpoint> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      if (req.url?.includes('/silent')) return;
      if (req.url === '/proxy') {
        res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
        res.end('<html>upstream down</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-ms-request-id': 'req-1' });
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: 'tok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    openSockets: () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
