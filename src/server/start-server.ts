import type { AddressInfo } from 'node:net';
import type { Runtime } from '../runtime.js';
import { apiRoutes } from './api-routes.js';
import { createHttpServer, type HttpServer, type NodeMiddleware } from './http-server.js';

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
}

/**
 * `agentic-sdlc serve` without the CLI: starts the engine (recovering runs an earlier process left), the
 * Probot webhook middleware and the REST routes on one port. Needs a configured GitHub App.
 */
export async function startServer(runtime: Runtime, options: StartServerOptions): Promise<StartedServer> {
  const github = runtime.github;
  if (options.worker !== false) {
    runtime.engine.start();
    const recovered = await runtime.engine.recover();
    if (recovered.length) runtime.logger.info({ runs: recovered.length }, 'recovered unfinished runs');
  }
  const webhooks = [];
  if (github.configured) {
    const { createNodeMiddleware } = await import('probot');
    const handler = (await createNodeMiddleware(github.app, { probot: await github.probot(), webhooksPath: github.webhookPath })) as NodeMiddleware;
    webhooks.push({ path: github.webhookPath, handler });
  }
  const http = createHttpServer({ webhooks, api: apiRoutes({ version: options.version ?? '0.0.0', github: github.configured }), logger: runtime.logger });
  const address = await http.listen(options.port, options.host);
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
