/**
 * Entry point of `npm start`: reads the configuration, composes the app, listens at once and then loads
 * or builds the index in a worker (`/readyz` is 503 until it serves).
 *
 * An operator's mistake (a bad variable, a missing content folder, a port in use, a host that does not
 * resolve) ends the start with ONE line on stderr and exit code 2, never a stack trace.
 */
import './quietDeprecations';
import { ConfigError, describeConfig, loadConfig, readEnvironment, type Config } from './config';
import { createLogger } from './server/createLogger';
import { createSharedState } from './state/sharedState';
import { createApp, StartupError, type App } from './app';

/** Exit code for a configuration or environment problem. */
const EXIT_CONFIG = 2;

function fatal(line: string, code = EXIT_CONFIG): never {
  process.stderr.write(`privacy-bot: ${line}\n`);
  process.exit(code);
}

/** One line for an error of `listen`. */
function listenProblem(err: NodeJS.ErrnoException, config: Pick<Config, 'host' | 'port'>): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `cannot listen: PORT ${config.port} on ${config.host} is already in use`;
    case 'EADDRNOTAVAIL':
      return `cannot listen: HOST ${config.host} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `cannot listen: HOST ${config.host} cannot be resolved`;
    case 'EACCES':
      return `cannot listen: PORT ${config.port} needs more privileges (use a port above 1023)`;
    default:
      return `cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    fatal(`cannot read the configuration: ${(err as Error).message}`, 1);
  }
  // JSON lines on stdout (one object per line with a level, a time and fixed message text); pretty in a terminal.
  const log = createLogger({ level: config.log?.level ?? 'info', format: config.log?.format ?? (process.stdout.isTTY ? 'pretty' : 'json') });
  log.info({ config: describeConfig(config) }, 'configuration');
  // Several replicas: take the fleet's current index from Redis (bounded wait) instead of building one.
  const shared = config.redis ? createSharedState(config.redis, log) : undefined;
  const initialIndex = shared ? await shared.startIndex(3000) : undefined;
  let app: App;
  try {
    app = createApp(config, log, { shared, initialIndex });
  } catch (err) {
    if (err instanceof StartupError) fatal(err.message);
    fatal(`cannot start: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
  // A failure inside a request must never end the process; it is logged and the server keeps serving.
  process.on('unhandledRejection', (reason) => log.error({ err: (reason as Error)?.message ?? String(reason) }, 'unhandled rejection'));
  // restify re-emits the HTTP server's errors on itself: a listen error arrives here, not as a throw.
  app.server.once('error', (err: NodeJS.ErrnoException) => fatal(listenProblem(err, config)));
  app.server.listen(config.port, config.host, () => {
    const routes = [...(config.teams.mode !== 'off' ? ['POST /api/messages'] : []), ...(config.slack && !config.slack.socketMode ? ['POST /slack/events'] : []), ...(config.adminToken ? ['POST /admin/reindex'] : []), 'GET /healthz', 'GET /readyz'];
    // performance.now() counts from the process's start, so this includes loading the modules.
    log.info({ url: `http://${config.host}:${config.port}`, routes, listenMs: Math.round(performance.now()), afterConfigMs: Math.round(performance.now() - started) }, 'listening');
    void app.open().then((report) => {
      if (!report.ok) fatal(`no index could be loaded or built: ${report.problems.map((p) => `${p.file}: ${p.reason}`).join('; ')}`);
      log.info({ version: app.service.health().indexVersion, built: report.built, source: initialIndex ? 'redis' : 'local', ms: report.ms, readyMs: Math.round(performance.now()) }, 'index ready');
    });
  });
  app.connect().catch((err: Error) => log.error({ err: err.message }, 'outbound connection failed'));
  const shutdown = () => {
    app.stop();
    void shared?.close();
    setTimeout(() => process.exit(0), 3000).unref();
    app.server.close(() => void app.flushLogs().finally(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
