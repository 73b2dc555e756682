import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from './serve-process.js';

let dir: string;
let npxCalled: string;
let serve: ServeProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-serve-setup-'));
  // An `npx` first on PATH that only records that it was run (the real one would download smee-client).
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  npxCalled = join(dir, 'npx-called');
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\necho "$@" >> '${npxCalled}'\nexit 1\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  // As `npx agentic-sdlc serve` (the documented first start) runs it.
  serve = await startServe(dir, { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, npm_lifecycle_event: 'npx', AGENTIC_SDLC_DB: join(dir, 'state.db') }, ['--setup']);
});
afterAll(async () => {
  if (serve.child.exitCode === null) await serve.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('agentic-sdlc serve --setup without APP_ID', () => {
  it('answers /healthz with 200, saying the App is not set up', async () => {
    const response = await fetch(`${serve.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', github: false, setup: true });
  });

  it('shows the page that creates the App at /, with the webhook URL of this server', async () => {
    const response = await fetch(`${serve.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('action="https://github.com/settings/apps/new?state=');
    expect(html).toContain(`${serve.url}/api/github/webhooks`);
  });

  it('never runs npx (nothing is installed at run time), and stops on SIGTERM with a log line', async () => {
    const code = await serve.stop('SIGTERM');
    expect(existsSync(npxCalled)).toBe(false);
    expect(code).toBe(0);
    expect(serve.logs().map((line) => line.msg)).toContain('stopped');
  });
});
