import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';
import { startServer } from '../../server/start-server.js';
import { CliError } from '../cli-error.js';
import { shutdownSignal } from '../shutdown-signal.js';
import { packageVersion } from '../package-version.js';
import type { GlobalOptions } from '../context.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  /** Serve the page that creates the GitHub App while APP_ID is not set. */
  setup?: boolean;
  /** `--no-worker`: accept and queue work only; `agentic-sdlc worker` processes execute it. */
  worker?: boolean;
}

/**
 * `agentic-sdlc serve`: the REST API, the engine and every configured integration on one port until
 * SIGINT/SIGTERM. It starts with no integration configured: the API and `/healthz` always answer, and each
 * integration (GitHub App, Slack, Jenkins) is switched on by its own settings. With `--setup` and no APP_ID
 * it also serves the page that creates the App from `app.yml` (GitHub's manifest flow). Nothing is installed
 * or fetched at start.
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
  const worker = options.worker !== false;
  if (!worker && !config.redisUrl) {
    throw new CliError('--no-worker needs REDIS_URL: without a shared queue nothing would execute the runs this process accepts (run `agentic-sdlc worker` processes on the same Redis and DATABASE_URL)');
  }
  const logger = createLogger(globals.verbose ? 'debug' : config.log.level);
  const runtime = await createRuntime(config, { logger });
  const graceMs = config.server.shutdownGraceMs;
  try {
    const configured = runtime.github.configured;
    if (configured && !config.github.webhookSecret) throw new CliError('WEBHOOK_SECRET is not set: webhooks cannot be verified without it (use the secret from the GitHub App settings)');
    const setup = options.setup === true && !configured;
    const server = await startServer(runtime, {
      port: config.server.port,
      ...(config.server.host ? { host: config.server.host } : {}),
      version: packageVersion(),
      setup,
      worker,
    });
    // The default suits a container; on a shared host, say so rather than expose the port by surprise.
    const everywhere = config.server.host ? '' : '; all interfaces, --host 127.0.0.1 or HOST to restrict';
    const serving = configured
      ? `GitHub webhooks at ${runtime.github.webhookPath}`
      : setup
        ? `no GitHub App yet: open ${server.url}/ to create it`
        : 'no GitHub App (serve --setup creates one)';
    if (setup) logger.warn('APP_ID and PRIVATE_KEY are not set: serving the GitHub App setup page at /; restart once the App is created');
    else if (options.setup && configured) logger.warn('--setup ignored: the GitHub App is already configured (APP_ID is set)');
    for (const warning of runtime.workflowWarnings) logger.warn(warning);
    const runs = worker ? '' : '; runs are left to `agentic-sdlc worker` processes';
    process.stderr.write(`agentic-sdlc listening on ${server.url} (${serving}, REST API at /api, health at /healthz${everywhere}${runs})\n`);
    const signal = await shutdownSignal();
    logger.info({ signal, graceMs }, 'shutting down: no new deliveries, finishing runs in flight');
    await server.close();
    return 0;
  } finally {
    // Logs the runs it hands back for resume (marked `interrupted`), if any.
    await runtime.close({ graceMs });
    logger.info('stopped');
  }
}
