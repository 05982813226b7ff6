/**
 * The admin HTTP surface: `POST /admin/reindex` with `Authorization: Bearer <token>`. Mounted only when a
 * token is configured, so a deployment without one has no admin endpoint at all (404).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../core/logger';
import type * as restify from 'restify';
import type { ReindexRequest, ServiceReport } from '../core/reindexService';
import type { ServerPlugin } from './buildServer';

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

/** Caller address for the audit log (never the token). */
function caller(req: restify.Request): string {
  return `http:${req.socket?.remoteAddress ?? 'unknown'}`;
}

/** Creates the admin plugin. */
export function createAdminPlugin(options: AdminPluginOptions): ServerPlugin {
  const { token, service, log } = options;
  return {
    name: 'admin',
    mount(server) {
      if (!token) {
        log.warn({ path: '/admin/reindex' }, 'admin: no admin token configured; POST /admin/reindex is not available');
        return;
      }
      // Callback style (not async): restify 11 treats the two styles differently, this one is explicit.
      server.post('/admin/reindex', (req: restify.Request, res: restify.Response, next: restify.Next) => {
        res.header('Cache-Control', 'no-store');
        const who = caller(req);
        if (!tokenMatches(req.header('authorization'), token)) {
          service.refused({ who, surface: 'http', detail: req.header('authorization') ? 'wrong token' : 'no token' });
          res.header('WWW-Authenticate', 'Bearer');
          res.json(401, { error: 'unauthorized' });
          return next();
        }
        // The response waits for the run: the caller (a deploy script) wants to know whether it worked.
        service.reindex({ who, surface: 'http' }).then(
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
      });
    },
  };
}
