/**
 * A `fetch` with a time limit, for Bolt's `clientOptions.fetch`: Bolt's `respond()` (response_url posts)
 * and the Web API client both use it, and neither bounds a request that is accepted and never answered.
 */

/** `fetch` that aborts after `timeoutMs` (connection, headers and body), keeping any caller's signal. */
export function boundedFetch(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return base(input, { ...init, signal });
  };
}
