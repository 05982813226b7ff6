/**
 * The token of a bot that signs in with a user-assigned managed identity (`MicrosoftAppType=UserAssignedMSI`),
 * bounded by the outbound timeout. botbuilder asks @azure/identity's `DefaultAzureCredential` for it with no
 * time limit (and retries it five times): an identity endpoint that accepts the connection and never answers
 * held the turn. This asks `ManagedIdentityCredential` (the identity the app type names; the default chain's
 * other links, secrets from the environment and developer CLIs run as child processes, do not belong on a
 * server) under one deadline for the whole token request, botbuilder's retries included. MSAL, which
 * @azure/identity runs underneath, passes no abort signal down to its HTTP calls, so the deadline reaches
 * them through async context: every request made for the token is sent on a bounded fetch that is aborted,
 * and its socket closed, when the deadline passes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { AppCredentials, type AuthenticatorResult } from 'botframework-connector';

/** The deadline of the token request running in the current async context. */
const deadlines = new AsyncLocalStorage<AbortSignal>();

/** botbuilder's retry schedule for managed-identity tokens (attempts 2–5 wait this long first), kept within the deadline. */
const RETRY_DELAYS_MS = [10, 10, 20, 60];

const timeoutError = (ms: number) =>
  Object.assign(new Error(`no managed identity token within ${ms} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });

/**
 * An @azure/identity HTTP client on `fetchFn` (a bounded fetch): each request also carries the deadline of
 * the token request it is made for, so nothing MSAL sends outlives it.
 */
export function createDeadlineHttpClient(fetchFn: typeof fetch): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const deadline = deadlines.getStore();
      const signals = [request.abortSignal, deadline].filter((s): s is AbortSignal => s !== undefined);
      const body = request.body;
      // Token requests are GETs or url-encoded form POSTs; anything else is not one of ours.
      if (body !== undefined && typeof body !== 'string') throw new TypeError('managed identity request with a non-text body');
      const res = await fetchFn(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        body,
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      });
      const headers = createHttpHeaders();
      res.headers.forEach((value, name) => headers.set(name, value));
      return { request, status: res.status, headers, bodyAsText: await res.text() };
    },
  };
}

/**
 * Runs `work` under a deadline of `timeoutMs`: it rejects with a `TimeoutError` (code `ETIMEDOUT`, which the
 * Teams plugin counts as an outbound failure) at the deadline whether or not `work` has settled, and every
 * request sent through {@link createDeadlineHttpClient} on its behalf is aborted then.
 */
export function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<T>((resolve, reject) => {
    // Registered before `work` runs, so the timeout, not a request's own abort error, is what is reported.
    signal.addEventListener('abort', () => reject(timeoutError(timeoutMs)), { once: true });
    deadlines.run(signal, () => work(signal)).then(resolve, reject);
  });
}

/** The credential botbuilder's managed identity credentials would use, on a client bounded by the deadline. */
export function createManagedIdentityCredential(appId: string, fetchFn: typeof fetch): TokenCredential {
  // No retries inside @azure/identity: its IMDS policy waits up to a minute; retries happen in refreshToken.
  return new ManagedIdentityCredential({ clientId: appId, httpClient: createDeadlineHttpClient(fetchFn), retryOptions: { maxRetries: 0 } });
}

/**
 * Bot Framework credentials for a user-assigned managed identity whose token request, retries included,
 * gives up after `timeoutMs`. Tokens are cached by botbuilder's `AppCredentials` as for its own class.
 */
export class ManagedIdentityCredentials extends AppCredentials {
  constructor(appId: string, oAuthScope: string, private readonly credential: TokenCredential, private readonly timeoutMs: number) {
    super(appId, undefined, oAuthScope);
  }

  protected override refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    return withDeadline(this.timeoutMs, async (signal) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const token = await this.credential.getToken(scope, { abortSignal: signal });
          if (!token) throw new Error('the managed identity endpoint gave no token');
          return { accessToken: token.token, expiresOn: new Date(token.expiresOnTimestamp) };
        } catch (err) {
          if (signal.aborted || attempt >= RETRY_DELAYS_MS.length) throw err;
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        }
      }
    });
  }
}
