import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';
import { startServer } from '../../server/start-server.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';

export interface ServeOptions {
  port?: string;
  host?: string;
}

/**
 * `agentic-sdlc serve`: the GitHub App, REST API and engine on one port until SIGINT/SIGTERM. Without
 * APP_ID and PRIVATE_KEY it starts Probot's setup page instead, which creates the App from `app.yml`.
 */
export async function serve(globals: GlobalOptions, options: ServeOptions): Promise<number> {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new CliError(`--port ${options.port}: expected a port number`);
  const config = loadConfig({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [
      { path: ['db'], value: globals.db },
      { path: ['server', 'port'], value: port },
      { path: ['server', 'host'], value: options.host },
    ],
  });
  const logger = createLogger(globals.verbose ? 'debug' : config.log.level);
  const runtime = await createRuntime(config, { logger });
  try {
    if (!runtime.github.configured) {
      logger.warn('APP_ID and PRIVATE_KEY are not set: starting the GitHub App setup (Probot manifest flow); restart once the App is created');
      const { run: runProbotSetup } = await import('probot');
      const setup = await runProbotSetup(() => undefined, { env: { ...process.env, PORT: String(config.server.port), ...(config.server.host ? { HOST: config.server.host } : {}) } });
      await shutdownSignal();
      await setup.stop();
      return 0;
    }
    if (!config.github.webhookSecret) throw new CliError('WEBHOOK_SECRET is not set: webhooks cannot be verified without it (use the secret from the GitHub App settings)');
    const server = await startServer(runtime, { port: config.server.port, ...(config.server.host ? { host: config.server.host } : {}), version: packageVersion() });
    // The default suits a container; on a shared host, say so rather than expose the port by surprise.
    const everywhere = config.server.host ? '' : '; all interfaces, --host 127.0.0.1 or HOST to restrict';
    process.stderr.write(`agentic-sdlc listening on ${server.url} (GitHub webhooks at ${runtime.github.webhookPath}, health at /healthz${everywhere})\n`);
    const signal = await shutdownSignal();
    logger.info({ signal, graceMs: config.server.shutdownGraceMs }, 'shutting down: no new deliveries, finishing runs in flight');
    await server.close();
    return 0;
  } finally {
    await runtime.close({ graceMs: config.server.shutdownGraceMs });
  }
}

function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
