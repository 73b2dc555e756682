import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';

/** A node:http handler that reads the raw body itself and always answers. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServerOptions {
  /** Paths whose handler reads the raw body itself (webhooks verify a signature over the exact bytes). */
  webhooks: { path: string; handler: RequestHandler }[];
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
 * One port for everything: webhook paths go straight to their handler, everything else to the REST
 * framework. Both cap what a request body may cost (`server.maxBodyBytes`).
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
    webhook(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'webhook handler failed');
      if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end();
    });
  });
  // Backstops for every route; webhook bodies have their own, shorter deadline (server.bodyTimeoutMs).
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
