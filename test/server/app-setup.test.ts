import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type StartedServer } from '../../src/server/start-server.js';
import { API, PRIVATE_KEY, strictNock } from '../github/helpers.js';

let dir: string;
let envFile: string;
let runtime: Runtime;
let server: StartedServer;
beforeAll(async () => {
  strictNock();
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-setup-'));
  envFile = join(dir, '.env');
  writeFileSync(envFile, 'LOG_LEVEL=debug\nAPP_ID=7\n');
  runtime = await createRuntime(configSchema.parse({ db: join(dir, 'state.db') }), { logger: createLogger('silent'), analysisThread: false });
  server = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: false, envFile, setup: true });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
  nock.cleanAll();
  rmSync(dir, { recursive: true, force: true });
});

async function setupPage(): Promise<{ state: string; manifest: Record<string, unknown> }> {
  const html = await (await fetch(`${server.url}/`)).text();
  const state = /apps\/new\?state=(\w+)"/.exec(html)![1]!;
  const value = /name="manifest" value="([^"]*)"/.exec(html)![1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  return { state, manifest: JSON.parse(value) as Record<string, unknown> };
}

describe('the GitHub App setup (serve --setup without APP_ID)', () => {
  it('the page posts app.yml as the manifest, with this server as webhook and redirect target', async () => {
    const { manifest } = await setupPage();
    expect(manifest).toMatchObject({
      name: 'agentic-sdlc',
      default_events: ['pull_request', 'issues', 'issue_comment', 'check_run', 'pull_request_review_thread'],
      hook_attributes: { url: `${server.url}/api/github/webhooks`, active: true },
      redirect_url: `${server.url}/setup/created`,
    });
  });

  it('a callback without this page\'s state is refused and GitHub is not asked', async () => {
    const response = await fetch(`${server.url}/setup/created?code=abc&state=not-ours`);
    expect(response.status).toBe(400);
    expect(readFileSync(envFile, 'utf8')).toBe('LOG_LEVEL=debug\nAPP_ID=7\n');
  });

  it('the callback exchanges the code and writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to .env (0600), which the next start reads', async () => {
    const { state } = await setupPage();
    nock(API).post('/app-manifests/abc123/conversions').reply(201, { id: 42, slug: 'agentic-sdlc-test', name: 'agentic-sdlc test', html_url: 'https://github.com/apps/agentic-sdlc-test', pem: PRIVATE_KEY, webhook_secret: 's3cret' });
    const response = await fetch(`${server.url}/setup/created?code=abc123&state=${state}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('href="https://github.com/apps/agentic-sdlc-test/installations/new"');
    expect(nock.pendingMocks()).toEqual([]);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.github).toMatchObject({ appId: 42, privateKey: PRIVATE_KEY, webhookSecret: 's3cret' });
    expect(config.log.level).toBe('debug');
    // A second callback (a replayed link) changes nothing.
    expect((await fetch(`${server.url}/setup/created?code=abc123&state=${state}`)).status).toBe(409);
  });
});

describe('serve without APP_ID and without --setup', () => {
  it('answers /healthz and the API, and serves no setup page', async () => {
    const plain = await startServer(runtime, { port: 0, host: '127.0.0.1', worker: false, envFile });
    try {
      expect(await (await fetch(`${plain.url}/healthz`)).json()).toEqual({ status: 'ok', version: '0.0.0', github: false });
      expect((await fetch(`${plain.url}/`)).status).toBe(404);
      expect((await fetch(`${plain.url}/setup/created?code=abc&state=x`)).status).toBe(404);
      expect((await fetch(`${plain.url}/api/openapi.json`)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
