import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { parse } from 'yaml';
import { createdPage, setupPage } from './setup-page.js';

export interface AppSetupOptions {
  /** `https://github.com`, or the GitHub Enterprise Server's address. */
  githubUrl: string;
  /** `https://api.github.com`, or `<GHE>/api/v3`. */
  apiUrl: string;
  webhookPath: string;
  /** Where APP_ID, PRIVATE_KEY and WEBHOOK_SECRET are written (the `.env` that `serve` reads on restart). */
  envFile: string;
  log: Logger;
  fetch?: typeof fetch;
}

const APP_MANIFEST = new URL('../../app.yml', import.meta.url);

/**
 * GitHub's App manifest flow, for `serve` without APP_ID: `/` posts `app.yml` to GitHub, which creates the
 * App and sends the browser back to `/setup/created` with a one-time code; that code is exchanged for the
 * App's id, key and webhook secret, written to `envFile`. Nothing here touches the network until then, and
 * nothing is installed. A random `state` ties the callback to a visit of this process's page, so a forged
 * link cannot make it write credentials; the page itself is open to whoever reaches the server, which is why
 * the setup belongs on a private address (the docs say so), as Probot's does.
 */
export function appSetupRoutes(options: AppSetupOptions): Hono {
  const state = randomBytes(16).toString('hex');
  let created = false;
  const app = new Hono();
  app.get('/', (c) => {
    const origin = originOf(c.req.raw, c.req.url);
    const webhookUrl = `${origin}${options.webhookPath}`;
    const manifest = {
      ...(parse(readFileSync(APP_MANIFEST, 'utf8')) as object),
      hook_attributes: { url: webhookUrl, active: true },
      redirect_url: `${origin}/setup/created`,
    };
    return c.html(setupPage({ createAppUrl: `${options.githubUrl}/settings/apps/new?state=${state}`, manifest, webhookUrl }));
  });
  app.get('/setup/created', async (c) => {
    if (created) return c.text('the App is already created: restart agentic-sdlc serve', 409);
    const code = c.req.query('code');
    if (c.req.query('state') !== state || !code || !/^\w+$/.test(code)) {
      return c.text('this link does not come from this server\'s setup page: start again at /', 400);
    }
    const response = await (options.fetch ?? fetch)(`${options.apiUrl}/app-manifests/${code}/conversions`, {
      method: 'POST',
      headers: { accept: 'application/vnd.github+json' },
    });
    if (!response.ok) {
      options.log.warn({ status: response.status }, 'GitHub refused the App manifest code (POST /app-manifests/{code}/conversions)');
      return c.text(`GitHub answered ${response.status} to the App manifest code: start again at /`, 502);
    }
    const app = (await response.json()) as { id: number; slug?: string; name?: string; html_url: string; pem: string; webhook_secret: string };
    writeEnv(options.envFile, { APP_ID: String(app.id), PRIVATE_KEY: app.pem, WEBHOOK_SECRET: app.webhook_secret });
    created = true;
    options.log.info({ appId: app.id, envFile: options.envFile }, 'GitHub App created: APP_ID, PRIVATE_KEY and WEBHOOK_SECRET written; restart agentic-sdlc serve');
    return c.html(createdPage({ name: app.name ?? app.slug ?? String(app.id), installUrl: `${app.html_url}/installations/new`, envFile: options.envFile }));
  });
  return app;
}

/** Sets `values` in a dotenv file, keeping its other lines; the file holds a private key, so only its owner may read it. */
export function writeEnv(path: string, values: Record<string, string>): void {
  const kept = existsSync(path)
    ? readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() && !Object.keys(values).some((key) => line.trimStart().startsWith(`${key}=`)))
    : [];
  // Double quotes and `\n`, as Probot writes them: dotenv (and node:util parseEnv) turn the `\n` back into line breaks.
  const set = Object.entries(values).map(([key, value]) => `${key}="${value.replace(/\r?\n/g, '\\n')}"`);
  writeFileSync(path, `${[...kept, ...set].join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The address the browser used, as a proxy in front of the server reports it. */
function originOf(request: Request, url: string): string {
  const forwarded = (name: string) => request.headers.get(name)?.split(',')[0]?.trim();
  const own = new URL(url);
  const protocol = forwarded('x-forwarded-proto') ?? own.protocol.replace(/:$/, '');
  const host = forwarded('x-forwarded-host') ?? own.host;
  return `${protocol}://${host}`;
}
