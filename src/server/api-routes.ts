import { Hono } from 'hono';

export interface ApiDeps {
  version: string;
  /** Whether the GitHub App is configured (webhooks accepted). */
  github: boolean;
}

/** The REST side of the server. Everything but the webhook path lands here. */
export function apiRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', version: deps.version, github: deps.github }));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
