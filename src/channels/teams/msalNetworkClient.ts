/**
 * The HTTP client MSAL uses for the bot's outbound token (and authority metadata) requests. MSAL's own
 * client sets no timeout on the token POST, so a token endpoint that accepts the connection and never
 * answers held the turn until its deadline, and the socket after that. This one runs on the project's
 * `boundedFetch`: every request gives up, and closes its socket, after the outbound timeout.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** Largest token or metadata response read (they are a few kilobytes). */
export const MAX_MSAL_RESPONSE_BYTES = 256 * 1024;

/**
 * MSAL's shape for a body that is not JSON (an HTML error page from a proxy, an empty 502): the same
 * `error` / `error_description` its default client makes, so MSAL reports a server error, not a crash.
 */
function errorBody(status: number, statusText: string): { error: string; error_description: string } {
  const kind = status >= 400 && status < 500 ? 'client_error' : status >= 500 && status < 600 ? 'server_error' : 'unknown_error';
  const status_ = statusText ? `${status} ${statusText}` : String(status);
  return { error: kind, error_description: `The token service answered HTTP ${status_} without a JSON body.` };
}

async function send<T>(fetchFn: typeof fetch, method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
  const res = await fetchFn(url, { method, headers: options?.headers, body: method === 'POST' ? (options?.body ?? '') : undefined });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = errorBody(res.status, res.statusText);
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: res.status, headers, body: body as T };
}

/**
 * An MSAL `INetworkModule` on `fetchFn` (a {@link boundedFetch} with the outbound timeout). A request that
 * fails or times out rejects; MSAL turns that into its `network_error`. MSAL's own per-call `timeout`
 * (region discovery GETs) is honoured when it is shorter.
 */
export function createMsalNetworkClient(fetchFn: typeof fetch): INetworkModule {
  return {
    sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
      if (!timeout) return send<T>(fetchFn, 'GET', url, options);
      const signal = AbortSignal.timeout(timeout);
      return send<T>((input, init) => fetchFn(input, { ...init, signal }), 'GET', url, options);
    },
    sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return send<T>(fetchFn, 'POST', url, options);
    },
  };
}
