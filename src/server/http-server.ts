import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';

/** A Node handler that answers (true) or passes (false), like Probot's `createNodeMiddleware`. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<boolean>;

export interface HttpServerOptions {
  /** Paths handed to their raw-body middleware before any framework reads the body (`/api/github/webhooks`). */
  webhooks: { path: string; handler: NodeMiddleware }[];
  api: Hono;
  logger: Logger;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting connections and waits for open requests to end. */
  close(): Promise<void>;
}

/**
 * One port for everything: webhook paths go straight to their middleware (which verifies the signature
 * over the exact bytes GitHub signed), everything else to the REST framework.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const api = getRequestListener(options.api.fetch);
  const routes = new Map(options.webhooks.map(({ path, handler }) => [path, handler]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const webhook = routes.get(path);
    if (!webhook) {
      void api(req, res);
      return;
    }
    webhook(req, res, () => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')).catch((error: unknown) => {
      options.logger.error({ err: error }, 'webhook handler failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Probot's default timeouts are generous; a slow client must not hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}
