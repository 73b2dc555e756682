import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApiAuth, createTokenStore } from '../api/auth/index.js';
import type { JobCallbacks } from '../api/job-callbacks.js';
import type { JobService } from '../api/job-service.js';
import { jobApi } from '../api/routes/index.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../engine/clock.js';
import type { EventBus } from '../engine/event-bus.js';
import type { RunQueue } from '../engine/ports/run-queue.js';
import type { RunStore } from '../engine/ports/run-store.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { checkReadiness } from '../metrics/readiness.js';
import { apiRoutes } from './api-routes.js';
import { appSetupRoutes } from './app-setup.js';
import { createHttpServer, type HttpServer, type RequestHandler } from './http-server.js';
import type { BodyLimits } from './read-body.js';

/** What the server needs of an integration (`src/integrations/integration.ts`'s `Integration` is one). */
export interface ServedIntegration {
  name: string;
  routes(options: { limits: BodyLimits; log: Logger }): { path: string; handler: RequestHandler }[];
  start?(): Promise<void>;
}

/**
 * What the server needs of the runtime (`src/runtime.ts`'s `Runtime` is one), named here so that the server
 * imports neither the composition root nor a vendor: each integration brings its own routes.
 */
export interface ServedRuntime {
  config: Config;
  logger: Logger;
  /** Starts executing runs here (leases let any number of processes do so on one store). */
  startWorker(): Promise<void>;
  /** With `setup` and without the App, the server serves the App's setup pages at `/`. */
  github: { configured: boolean };
  integrations: readonly ServedIntegration[];
  /** What the `/api` routes run, read and follow jobs through. */
  jobs: JobService;
  /** Engine events (for `/metrics`), and the store and queue `/readyz` asks. */
  bus: EventBus;
  store: Pick<RunStore, 'listRuns'>;
  queue: Pick<RunQueue, 'depth'>;
  /** Checks a request's `webhook_url`; without it, callbacks are refused. */
  callbacks?: Pick<JobCallbacks, 'check'>;
}

export interface StartedServer {
  address: AddressInfo;
  url: string;
  http: HttpServer;
  /** Ends event streams, stops HTTP (no new deliveries), then closes the API's token store. The runtime closes the engine. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  port: number;
  host?: string;
  version?: string;
  /** Also execute runs in this process (default). Off for a web-only process whose runs other workers take. */
  worker?: boolean;
  /** Serve the GitHub App's setup pages at `/` while the App is not configured (`serve --setup`). */
  setup?: boolean;
  /** Where the setup writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET (default `./.env`). */
  envFile?: string;
  /** Time for the API's rate limits, `execute` waits and SSE heartbeats (tests inject a fake one). */
  clock?: Clock;
  /** Between SSE heartbeat comments (default 15 s). */
  heartbeatMs?: number;
  /** Transport for the setup's one GitHub call (tests inject one). */
  fetch?: typeof fetch;
}

/**
 * `agentic-sdlc serve` without the CLI: starts the engine (recovering runs an earlier process left), every
 * integration's routes (GitHub's webhook, Slack's events, ...) and the REST API on one port. Without `host` it listens on every interface.
 * The API and `/healthz` answer whatever is configured; the GitHub App's setup pages only when asked for
 * (`setup`) and the App is not configured yet.
 */
export async function startServer(runtime: ServedRuntime, options: StartServerOptions): Promise<StartedServer> {
  const github = runtime.github;
  const metrics = createMetrics({ bus: runtime.bus, queueDepth: () => runtime.queue.depth() });
  const webhooks = webhookRoutes(runtime).map((route) => ({ path: route.path, handler: counted(route.handler, route.source, metrics) }));
  if (options.worker !== false) await runtime.startWorker();
  const setup = options.setup && !github.configured ? appSetupRoutes(setupOptions(runtime, options)) : undefined;
  const version = options.version ?? '0.0.0';
  const { api: apiConfig } = runtime.config;
  const tokens = await createTokenStore(runtime.config);
  const auth = createApiAuth({
    tokens,
    rateLimitPerMinute: apiConfig.rateLimitPerMinute,
    logger: runtime.logger.child({ component: 'api' }),
    ...(apiConfig.bootstrapToken ? { bootstrapToken: apiConfig.bootstrapToken } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const jobs = jobApi({
    jobs: runtime.jobs,
    auth,
    executeWaitMs: apiConfig.executeWaitMs,
    version,
    logger: runtime.logger.child({ component: 'api' }),
    ...(runtime.callbacks ? { callbacks: runtime.callbacks } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const api = apiRoutes({
    version,
    github: github.configured,
    maxBodyBytes: runtime.config.server.maxBodyBytes,
    api: jobs.app,
    metrics: metrics.registry,
    ready: () => checkReadiness({ store: runtime.store, queue: runtime.queue }),
    logger: runtime.logger,
    ...(setup ? { setup } : {}),
  });
  const http = createHttpServer({ webhooks, api, logger: runtime.logger });
  const closeApi = async () => {
    metrics.close();
    await auth.close();
    await tokens.close();
  };
  let address: AddressInfo;
  try {
    address = await http.listen(options.port, options.host);
  } catch (error) {
    await closeApi();
    throw error;
  }
  // Outbound connections (Slack's Socket Mode) once requests can be answered; a failure stops the server.
  try {
    for (const integration of runtime.integrations) await integration.start?.();
  } catch (error) {
    await http.close();
    await closeApi();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    address,
    url: `http://${host}:${address.port}`,
    http,
    async close() {
      // Streams first: an open event stream is a request that would hold the HTTP server's close forever.
      jobs.close();
      await http.close();
      await closeApi();
    },
  };
}

/**
 * Every integration's raw-body webhook routes (GitHub's, Slack's, Jenkins'), with `server.maxBodyBytes` and
 * `server.bodyTimeoutMs` as their body limits and the integration they come from (`source`): what `startServer`
 * mounts, and all that the Lambda ingest (`src/serverless/`) serves.
 */
export function webhookRoutes(runtime: Pick<ServedRuntime, 'config' | 'logger' | 'integrations'>): { path: string; handler: RequestHandler; source: string }[] {
  const limits = { maxBytes: runtime.config.server.maxBodyBytes, timeoutMs: runtime.config.server.bodyTimeoutMs };
  return runtime.integrations.flatMap((integration) =>
    integration
      .routes({ limits, log: runtime.logger.child({ component: integration.name === 'github' ? 'webhook' : integration.name }) })
      .map((route) => ({ path: route.path, handler: route.handler, source: integration.name })),
  );
}

function setupOptions(runtime: ServedRuntime, options: StartServerOptions) {
  const { gheHost, gheProtocol, webhookPath } = runtime.config.github;
  return {
    githubUrl: gheHost ? `${gheProtocol}://${gheHost}` : 'https://github.com',
    apiUrl: gheHost ? `${gheProtocol}://${gheHost}/api/v3` : 'https://api.github.com',
    webhookPath,
    envFile: options.envFile ?? resolve('.env'),
    log: runtime.logger.child({ component: 'setup' }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

/** The route's handler, counting each answer by its integration and status once the response is sent. */
function counted(handler: RequestHandler, source: string, metrics: Metrics): RequestHandler {
  return (req, res) => {
    res.once('finish', () => metrics.observeRequest(source, res.statusCode));
    return handler(req, res);
  };
}
