import * as restify from 'restify';

/** Something that adds routes to the server: the Teams, Slack and admin surfaces each are one. */
export interface ServerPlugin {
  /** Short name for the start-up log ("teams", "slack", "admin"). */
  name: string;
  mount(server: restify.Server): void;
}

/** What `/healthz` reports; supplied by the composition root so the server stays ignorant of the engine. */
export type HealthProbe = () => Record<string, unknown>;

export interface BuildServerOptions {
  plugins: ServerPlugin[];
  health: HealthProbe;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
  /** Where server-level errors are reported (never the request body or secrets). */
  log?: (line: string) => void;
}

/**
 * Builds the restify server with every plugin mounted. Does not listen: the caller decides the port,
 * so tests can use port 0 and the bench can run several servers.
 */
export function buildServer(options: BuildServerOptions): restify.Server {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const server = restify.createServer({ name: 'privacy-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? 256 * 1024, mapParams: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // restify 11 rejects non-async handlers without a `next` parameter at registration time.
  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.json(200, { status: 'ok', ...options.health() });
    return next();
  });
  for (const plugin of options.plugins) plugin.mount(server);

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    if ((err.statusCode ?? 500) >= 500) log(`server error on ${req.method} ${req.path()}: ${err.message}`);
    return cb();
  });
  return server;
}
