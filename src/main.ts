/**
 * Entry point of `npm start`: reads the configuration, composes the app and listens.
 */
import { warmUpQueryResources } from './core/query/resources';
import { ConfigError, describeConfig, loadConfig } from './config';
import { createApp } from './app';

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

function main(): void {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  log(describeConfig(config));
  const app = createApp(config, log);
  log(`index ${app.service.health().indexVersion} ${app.startup.built ? 'built' : 'loaded'} in ${Math.round(app.startup.ms)} ms`);
  // A failure inside a request must never end the process; it is logged and the server keeps serving.
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${(reason as Error)?.message ?? String(reason)}`));
  app.server.listen(config.port, config.host, () => {
    log(`listening on http://${config.host}:${config.port} (POST /api/messages${config.slack ? ', POST /slack/events' : ''}${config.adminToken ? ', POST /admin/reindex' : ''}, GET /healthz); ready in ${Math.round(performance.now() - started)} ms`);
    // Dictionaries and word classes (about a second of CPU) load after start-up, not on the first question.
    setTimeout(() => warmUpQueryResources(app.service.current()), 50).unref();
  });
  const shutdown = () => {
    app.stop();
    app.server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main();
