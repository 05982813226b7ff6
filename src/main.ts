/**
 * Entry point of `npm start`: reads the configuration, composes the app and listens.
 */
import { ConfigError, describeConfig, loadConfig, readEnvironment } from './config';
import { createApp } from './app';
import { createLogger } from './server/createLogger';
import { createSharedState } from './state/sharedState';

async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  // JSON lines on stdout (one object per line with a level, a time and fixed message text); pretty in a terminal.
  const log = createLogger({ level: config.log?.level ?? 'info', format: config.log?.format ?? (process.stdout.isTTY ? 'pretty' : 'json') });
  log.info({ config: describeConfig(config) }, 'configuration');
  // Several replicas: take the fleet's current index from Redis (bounded wait) instead of building one.
  const shared = config.redis ? createSharedState(config.redis, log) : undefined;
  const initialIndex = shared ? await shared.startIndex(3000) : undefined;
  const app = createApp(config, log, { shared, initialIndex });
  log.info({ version: app.service.health().indexVersion, built: app.startup.built, source: initialIndex ? 'redis' : 'local', ms: Math.round(app.startup.ms) }, 'index ready');
  // A failure inside a request must never end the process; it is logged and the server keeps serving.
  process.on('unhandledRejection', (reason) => log.error({ err: (reason as Error)?.message ?? String(reason) }, 'unhandled rejection'));
  app.server.listen(config.port, config.host, () => {
    const routes = [...(config.teams.mode !== 'off' ? ['POST /api/messages'] : []), ...(config.slack && !config.slack.socketMode ? ['POST /slack/events'] : []), ...(config.adminToken ? ['POST /admin/reindex'] : []), 'GET /healthz'];
    log.info({ url: `http://${config.host}:${config.port}`, routes, readyMs: Math.round(performance.now() - started) }, 'listening');
  });
  app.connect().catch((err: Error) => log.error({ err: err.message }, 'outbound connection failed'));
  const shutdown = () => {
    app.stop();
    void shared?.close();
    app.server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
