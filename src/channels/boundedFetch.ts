/**
 * A `fetch` with a hard time limit, for every outbound call the channel adapters make with `fetch`:
 * Bolt's `respond()` (response_url posts) and Slack Web API client, and the OpenID metadata and keys.
 * Node's built-in fetch aborts the promise on a signal but keeps the socket open until the server
 * answers (minutes, for one that never does), so this one runs on node:http(s) and destroys the socket
 * at the limit. Responses are capped in size as well.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** Options of {@link boundedFetch}. */
export interface BoundedFetchOptions {
  /** Largest response body accepted (default 4 MiB); a larger one fails the call. */
  maxResponseBytes?: number;
}

const timeoutError = (ms: number) => Object.assign(new Error(`no complete answer within ${ms} ms`), { name: 'TimeoutError' });
const abortError = () => Object.assign(new Error('the operation was aborted'), { name: 'AbortError' });

/** `fetch` that gives up, and closes the connection, `timeoutMs` after the call starts. */
export function boundedFetch(timeoutMs: number, options: BoundedFetchOptions = {}): typeof fetch {
  const maxBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
  return async (input, init) => {
    // Request normalises every body kind (string, URLSearchParams, FormData) and its content type.
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    if (body) headers['content-length'] = String(body.length);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError();

    return new Promise<Response>((resolve, reject) => {
      const client = (url.protocol === 'https:' ? https : http).request(url, { method: request.method, headers, agent: false });
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        client.destroy();
        reject(err);
      };
      const onAbort = () => fail(abortError());
      const timer = setTimeout(() => fail(timeoutError(timeoutMs)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      client.on('error', fail);
      client.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(new Error(`response over ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const status = res.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
          }
          const noBody = status === 204 || status === 304 || request.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
        });
      });
      client.end(body);
    });
  };
}
