import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Readiness } from '../metrics/readiness.js';

export interface ApiDeps {
  version: string;
  /** Whether the GitHub App is configured (webhooks accepted). */
  github: boolean;
  /** The REST API under `/api` (jobs, workflows, the OpenAPI document): it authenticates its own routes. */
  api?: Hono;
  /** With `serve --setup` and no App yet: the pages that create it (GitHub's manifest flow), mounted at `/`. */
  setup?: Hono;
  /** What `GET /metrics` exposes (Prometheus text format). */
  metrics?: Registry;
  /** What `GET /readyz` asks: 200 when ready, 503 naming what is not. */
  ready?: () => Promise<Readiness>;
  /** `server.maxBodyBytes`: larger bodies are refused with 413 on every route. */
  maxBodyBytes: number;
  logger: Logger;
}

/** The REST side of the server. Everything but the webhook path lands here; `/healthz` needs no token. */
export function apiRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use(
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      // Closing the connection stops the rest of an oversized body from being read at all. The same answer
      // as the webhook routes' (read-body.ts).
      onError: (c) => c.json({ error: `request body over ${deps.maxBodyBytes} bytes (server.maxBodyBytes)` }, 413, { connection: 'close' }),
    }),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok', version: deps.version, github: deps.github, ...(deps.setup ? { setup: true } : {}) }));
  const { metrics, ready } = deps;
  // Like /healthz, open: scrapers and probes carry no token. Keep the port off the public internet, or
  // put these paths behind the ingress' own rules.
  if (ready) {
    app.get('/readyz', async (c) => {
      const readiness = await ready();
      return c.json({ status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks }, readiness.ready ? 200 : 503);
    });
  }
  if (metrics) app.get('/metrics', async (c) => c.body(await metrics.metrics(), 200, { 'content-type': metrics.contentType }));
  if (deps.api) app.route('/', deps.api);
  if (deps.setup) app.route('/', deps.setup);
  app.notFound((c) => c.json({ error: 'not_found', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  // Stack traces stay in the log: a caller learns only that the server failed.
  app.onError((error, c) => {
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal', message: 'the server failed to answer; the cause is in its log' }, 500);
  });
  return app;
}
