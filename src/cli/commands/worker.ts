import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';
import { startProbeServer } from '../../server/start-probe-server.js';
import { CliError } from '../cli-error.js';
import { packageVersion } from '../package-version.js';
import { shutdownSignal } from '../shutdown-signal.js';
import type { GlobalOptions } from '../context.js';

export interface WorkerOptions {
  port?: string;
  host?: string;
}

/**
 * `agentic-sdlc worker`: executes the runs `serve` processes queue, beside any number of other workers, on the
 * shared Redis queue and PostgreSQL state, until SIGINT/SIGTERM. Serves only health, readiness and metrics.
 * On SIGTERM it takes no new run, gives the runs in flight `server.shutdownGraceMs` to end, and hands back
 * those still going (another worker resumes them from their finished steps).
 */
export async function worker(globals: GlobalOptions, options: WorkerOptions): Promise<number> {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new CliError(`--port ${options.port}: expected a port number`);
  const config = loadConfig({
    ...(globals.config ? { file: globals.config } : {}),
    overrides: [
      { path: ['server', 'port'], value: port },
      { path: ['server', 'host'], value: options.host },
    ],
  });
  const missing = [config.redisUrl ? undefined : 'REDIS_URL (the queue it takes runs from)', config.databaseUrl ? undefined : 'DATABASE_URL (the PostgreSQL state it shares with serve)'].filter(Boolean);
  if (missing.length) {
    throw new CliError(`agentic-sdlc worker executes the runs other processes queue, so it needs ${missing.join(' and ')}; on one machine, \`agentic-sdlc serve\` alone executes its own runs`);
  }
  const logger = createLogger(globals.verbose ? 'debug' : config.log.level);
  const runtime = await createRuntime(config, { logger });
  const graceMs = config.server.shutdownGraceMs;
  try {
    const probes = await startProbeServer(runtime, {
      port: config.server.port,
      ...(config.server.host ? { host: config.server.host } : {}),
      version: packageVersion(),
    });
    await runtime.startWorker();
    process.stderr.write(`agentic-sdlc worker listening on ${probes.url} (health, readiness and metrics; executing up to ${config.engine.concurrency} runs at once)\n`);
    const signal = await shutdownSignal();
    logger.info({ signal, graceMs }, 'shutting down: taking no new runs, finishing those in flight');
    await probes.close();
    return 0;
  } finally {
    await runtime.close({ graceMs });
    logger.info('stopped');
  }
}
