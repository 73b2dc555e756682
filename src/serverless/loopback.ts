// The webhook routes `serve` mounts, on a server of their own at 127.0.0.1 (an ephemeral port, one per Lambda
// container), and `send`, which passes one request through them over a real connection.
//
// Why a loopback server rather than calling the handlers with a fake request and response: the handlers and
// Slack's Bolt receiver rely on node:http's own behaviour (a response emits `close` once the server has sent it,
// `req.complete`, `headersSent`, `Connection: close` after an early refusal), which a fake would have to
// reproduce and keep reproducing across Node and Bolt upgrades. The detour costs one local connection.
import { request as httpRequest } from 'node:http';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { createHttpServer, type RequestHandler } from '../server/http-server.js';
import type { PlainRequest, PlainResponse } from './http-api-event.js';

export interface Loopback {
  /** The paths it serves (every other path is answered 404). */
  paths: string[];
  send(request: PlainRequest): Promise<PlainResponse>;
  close(): Promise<void>;
}

export async function startLoopback(routes: { path: string; handler: RequestHandler }[], logger: Logger): Promise<Loopback> {
  const paths = routes.map((route) => route.path);
  const server = createHttpServer({ webhooks: routes, api: notFound(paths), logger });
  const { port } = await server.listen(0, '127.0.0.1');
  return { paths, send: (request) => send(port, request), close: () => server.close() };
}

/** Where the REST API would be on `serve`: here only webhooks are taken, and the answer says where. */
function notFound(paths: string[]): Hono {
  const app = new Hono();
  app.all('*', (c) => c.json({ error: 'not_found', message: `no route ${c.req.method} ${c.req.path}: this function takes only webhooks, at ${paths.join(', ')}` }, 404));
  return app;
}

/**
 * One request on a connection of its own (`agent: false`): a kept-alive one could be closed by the server's idle
 * timer just as a thawed Lambda container reuses it, and a POST is not retried.
 */
function send(port: number, request: PlainRequest): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers: { ...request.headers, 'content-length': String(request.body.length) }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
