import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface ApiDeps {
  version: string;
  /** Whether the GitHub App is configured (webhooks accepted). */
  github: boolean;
  /** Without the App: the pages that create it (GitHub's manifest flow), mounted at `/`. */
  setup?: Hono;
  /** `server.maxBodyBytes`: larger bodies are refused with 413 on every route. */
  maxBodyBytes: number;
}

/** The REST side of the server. Everything but the webhook path lands here. */
export function apiRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use(
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      // Closing the connection stops the rest of an oversized body from being read at all.
      onError: (c) => c.json({ error: `request body over ${deps.maxBodyBytes} bytes (server.maxBodyBytes)` }, 413, { connection: 'close' }),
    }),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok', version: deps.version, github: deps.github, ...(deps.setup ? { setup: true } : {}) }));
  if (deps.setup) app.route('/', deps.setup);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
