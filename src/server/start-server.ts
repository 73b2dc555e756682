import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Engine } from '../engine/engine.js';
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
  engine: Pick<Engine, 'start' | 'recover'>;
  /** Without the App, the server serves its setup pages at `/`. */
  github: { configured: boolean };
  integrations: readonly ServedIntegration[];
}

export interface StartedServer {
  address: AddressInfo;
  url: string;
  http: HttpServer;
  /** Stops HTTP first (no new deliveries), then lets the engine finish or hand back its runs. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  port: number;
  host?: string;
  version?: string;
  /** Also execute runs in this process (default). Off for a web-only process whose runs other workers take. */
  worker?: boolean;
  /** Without the GitHub App, where its setup writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET (default `./.env`). */
  envFile?: string;
  /** Transport for the setup's one GitHub call (tests inject one). */
  fetch?: typeof fetch;
}

/**
 * `agentic-sdlc serve` without the CLI: starts the engine (recovering runs an earlier process left), every
 * integration's routes (GitHub's webhook, Slack's events, ...) and the REST routes on one port. Without `host` it listens on every interface.
 * Without the GitHub App it serves the App's setup pages instead of the webhook route; `/healthz` answers
 * either way.
 */
export async function startServer(runtime: ServedRuntime, options: StartServerOptions): Promise<StartedServer> {
  const github = runtime.github;
  const limits = { maxBytes: runtime.config.server.maxBodyBytes, timeoutMs: runtime.config.server.bodyTimeoutMs };
  const webhooks = runtime.integrations.flatMap((integration) =>
    integration.routes({ limits, log: runtime.logger.child({ component: integration.name === 'github' ? 'webhook' : integration.name }) }),
  );
  if (options.worker !== false) {
    runtime.engine.start();
    const recovered = await runtime.engine.recover();
    if (recovered.length) runtime.logger.info({ runs: recovered.length }, 'recovered unfinished runs');
  }
  const setup = github.configured ? undefined : appSetupRoutes(setupOptions(runtime, options));
  const api = apiRoutes({ version: options.version ?? '0.0.0', github: github.configured, maxBodyBytes: limits.maxBytes, ...(setup ? { setup } : {}) });
  const http = createHttpServer({ webhooks, api, logger: runtime.logger });
  const address = await http.listen(options.port, options.host);
  // Outbound connections (Slack's Socket Mode) once requests can be answered; a failure stops the server.
  try {
    for (const integration of runtime.integrations) await integration.start?.();
  } catch (error) {
    await http.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    address,
    url: `http://${host}:${address.port}`,
    http,
    async close() {
      await http.close();
    },
  };
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
