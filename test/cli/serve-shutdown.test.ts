import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { example, PRIVATE_KEY, WEBHOOK_SECRET } from '../github/helpers.js';
import { startServe } from './serve-process.js';

let dir: string;
/** A GitHub that takes requests and never answers, so a run's first GitHub call keeps it in flight. */
let github: Server;
const held: IncomingMessage[] = [];
let firstRequest: Promise<void>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-serve-stop-'));
  let seen = () => {};
  firstRequest = new Promise((resolve) => (seen = resolve));
  github = createServer((req) => {
    held.push(req);
    seen();
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const req of held) req.socket.destroy();
  await new Promise((resolve) => github.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('agentic-sdlc serve on SIGTERM', () => {
  it('logs the runs it hands back for resume, and `runs list` shows them as interrupted', async () => {
    const db = join(dir, 'state.db');
    const serve = await startServe(dir, {
      APP_ID: '1',
      PRIVATE_KEY,
      WEBHOOK_SECRET,
      GHE_HOST: `127.0.0.1:${(github.address() as AddressInfo).port}`,
      GHE_PROTOCOL: 'http',
      AGENTIC_SDLC_DB: db,
      AGENTIC_SDLC_SHUTDOWN_GRACE_MS: '0',
    });
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const delivered = await fetch(`${serve.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'shutdown-1',
        'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    const { runId } = (await delivered.json()) as { runId: string };
    await firstRequest;

    expect(await serve.stop('SIGTERM')).toBe(0);
    const logs = serve.logs();
    const messages = logs.map((line) => line.msg);
    expect(messages).toContain('shutting down: no new deliveries, finishing runs in flight');
    const handedBack = logs.find((line) => typeof line.msg === 'string' && line.msg.startsWith('handed back for resume'));
    expect(handedBack).toMatchObject({ level: 40, runs: [runId] });
    expect(messages.at(-1)).toBe('stopped');

    const listed = await cli(['runs', 'list', '--db', db], { cwd: dir });
    expect(listed.stdout).toMatch(new RegExp(`^${runId}\\s+interrupted\\s+github-dispatch`, 'm'));
    const filtered = await cli(['runs', 'list', '--db', db, '--status', 'interrupted', '--json'], { cwd: dir });
    expect((JSON.parse(filtered.stdout) as { id: string }[]).map((run) => run.id)).toEqual([runId]);
  });
});
