/**
 * The admin HTTP surface: `POST /admin/reindex` with `Authorization: Bearer <token>`. Mounted only when a
 * token is configured, so a deployment without one has no admin endpoint at all (404).
 *
 * Failed attempts are throttled per client address ({@link clientAddress}; {@link FailureThrottle}: by default 5 per minute,
 * then 429 with `Retry-After` until the window ends, even for the right token), and refusals reach the
 * log and the audit trail as a {@link RejectionSummary}: the first of an interval at once, the rest as
 * one line when it ends.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../core/logger';
import type * as restify from 'restify';
import type { ReindexRequest, ServiceReport } from '../core/reindexService';
import type { ServerPlugin } from './buildServer';
import { clientAddress } from './clientAddress';
import { createMemoryFailureThrottle, type FailureThrottle } from './failureThrottle';
import { createRejectionSummary, type RejectionReport } from './rejectionSummary';

/** What the plugin needs of the reindex service. */
export interface AdminService {
  reindex(req: ReindexRequest): Promise<ServiceReport>;
  refused(req: { who: string; surface: string; detail?: string }): void;
}

/** Options of {@link createAdminPlugin}. */
export interface AdminPluginOptions {
  /** Shared secret; absent or empty: the route is not mounted. */
  token?: string;
  service: AdminService;
  log: Logger;
  /** Failed attempts per client (default: in memory, 5 per minute). */
  throttle?: FailureThrottle;
  /** Length of one refusal summary interval (default 60 s). */
  summaryIntervalMs?: number;
}

/** The admin plugin; `stop()` writes the pending refusal summary. */
export interface AdminPlugin extends ServerPlugin {
  stop(): void;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant-time token check. Both sides are hashed first so the comparison always runs over 32 bytes:
 * neither the content nor the length of the configured token leaks through timing.
 */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  const given = sha256(m ? m[1] : '');
  return timingSafeEqual(given, sha256(token)) && m !== null;
}

/** One audit entry for a refusal report: the first refusal as it was, later ones as counts. */
function auditOf(report: RejectionReport): { who: string; surface: string; detail: string } {
  const reasons = Object.entries(report.reasons).map(([reason, n]) => `${reason} ${n}`).join(', ');
  const top = report.topClients.map((c) => `http:${c.client}`);
  if (report.kind === 'first') return { who: top[0] ?? 'http:unknown', surface: 'http', detail: Object.keys(report.reasons)[0] ?? 'refused' };
  const more = report.clients > top.length ? ` (+${report.clients - top.length} more)` : '';
  return {
    who: `${report.topClients.map((c) => `http:${c.client} (${c.count})`).join(', ')}${more}`,
    surface: 'http',
    detail: `summary: ${report.total} more refused within ${report.intervalS} s: ${reasons}`,
  };
}

/** Creates the admin plugin. */
export function createAdminPlugin(options: AdminPluginOptions): AdminPlugin {
  const { token, service, log } = options;
  const throttle = options.throttle ?? createMemoryFailureThrottle();
  const refusals = createRejectionSummary({ log, surface: 'admin', intervalMs: options.summaryIntervalMs, onReport: (r) => service.refused(auditOf(r)) });
  return {
    name: 'admin',
    stop: () => refusals.stop(),
    mount(server) {
      if (!token) {
        log.warn({ path: '/admin/reindex' }, 'admin: no admin token configured; POST /admin/reindex is not available');
        return;
      }
      // Callback style (not async): restify 11 treats the two styles differently, this one is explicit.
      server.post('/admin/reindex', (req: restify.Request, res: restify.Response, next: restify.Next) => {
        res.header('Cache-Control', 'no-store');
        // The throttle key and the audit log's `who` (never the token).
        const client = clientAddress(req);
        const who = `http:${client}`;
        const refuse = (reason: string, status: number, retryAfterS?: number) => {
          refusals.record(reason, client);
          if (retryAfterS !== undefined) {
            res.header('Retry-After', String(retryAfterS));
            res.json(status, { error: 'too many failed attempts', code: 'TooManyRequests', message: `too many failed attempts; try again in ${retryAfterS} s` });
          } else {
            res.header('WWW-Authenticate', 'Bearer');
            res.json(status, { error: 'unauthorized' });
          }
          next();
        };
        // The response waits for the run: the caller (a deploy script) wants to know whether it worked.
        const run = () => service.reindex({ who, surface: 'http' }).then(
          (report) => {
            res.json(report.ok ? 200 : 422, report);
            next();
          },
          (err: Error) => {
            log.error({ err: err.message }, 'admin: reindex failed unexpectedly');
            res.json(500, { error: 'reindex failed' });
            next();
          },
        );
        const authorization = req.header('authorization');
        // A blocked client is not told whether its token is right, so the block cannot be used as an oracle.
        throttle.blocked(client).then(async (state) => {
          if (state.blocked) return refuse('throttled', 429, state.retryAfterS);
          if (!tokenMatches(authorization, token)) {
            await throttle.fail(client);
            return refuse(authorization ? 'wrong token' : 'no token', 401);
          }
          return run();
        }).catch((err: Error) => {
          // The throttle's store failed (e.g. Redis down): refuse rather than run unthrottled.
          log.error({ err: err.message }, 'admin: failure throttle unavailable');
          res.json(503, { error: 'unavailable', code: 'ServiceUnavailable', message: 'try again later' });
          next();
        });
      });
    },
  };
}
