/**
 * A scriptable stand-in for the public docs site on 127.0.0.1: each path answers from a queue of scripted
 * responses (the last one repeats), and every request is recorded with its headers so tests can check
 * conditional requests (If-None-Match / If-Modified-Since).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export type FakeResponse =
  /** A normal response. */
  | { status: number; body?: string | Buffer; headers?: Record<string, string> }
  /** Accepts the request and never answers (a timeout). */
  | { hang: true }
  /** 200 that streams `bytes` of markdown-looking text without a Content-Length (chunked). */
  | { stream: number; headers?: Record<string, string> };

/** One request the server received. */
export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** A running fake docs server. */
export interface FakeDocsServer {
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  requests: RecordedRequest[];
  /** Replaces the queue of answers for `path`. */
  script(path: string, ...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

/** Starts the fake on a free port. Unscripted paths answer 404. */
export async function startFakeDocsServer(): Promise<FakeDocsServer> {
  const queues = new Map<string, FakeResponse[]>();
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ path, headers: req.headers });
    const queue = queues.get(path);
    const next = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!next) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if ('hang' in next) return; // Left open until close().
    if ('stream' in next) {
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8', ...next.headers });
      const chunk = Buffer.from('# Heading\n\nSome text that goes on and on.\n'.repeat(64));
      let sent = 0;
      const pump = () => {
        while (sent < next.stream && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('error', () => undefined); // The client aborts mid-stream: expected.
      pump();
      return;
    }
    res.writeHead(next.status, { 'content-type': 'text/markdown; charset=utf-8', ...next.headers });
    res.end(next.body ?? '');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    script(path, ...responses) {
      queues.set(path, responses);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
