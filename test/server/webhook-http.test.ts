import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verify } from '@octokit/webhooks-methods';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../src/server/start-server.js';
import { createRig, example, strictNock, WEBHOOK_SECRET, type Rig } from '../github/helpers.js';

const vectors = JSON.parse(readFileSync('/work/shared/corpora/vectors/webhook-vectors.json', 'utf8')) as {
  github_signature: { secret: string; body: string; x_hub_signature_256: string };
};

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let rig: Rig;
let server: StartedServer;
beforeAll(async () => {
  strictNock();
  // Deliveries are only recorded here (a web-only process); nothing runs, so no GitHub call is made.
  rig = await createRig({}, { start: false, load: false });
  server = await startServer(rig.runtime, { port: 0, host: '127.0.0.1', worker: false });
});
afterAll(async () => {
  await server.close();
  await rig.cleanup();
  nock.cleanAll();
});

async function deliver(body: string, headers: Record<string, string>) {
  return fetch(`${server.url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', ...headers },
    body,
  });
}

describe('the webhook HTTP path', () => {
  it('signs like GitHub: the official test vector', async () => {
    const { secret, body, x_hub_signature_256 } = vectors.github_signature;
    expect(sign(secret, body)).toBe(x_hub_signature_256);
    expect(await verify(secret, body, x_hub_signature_256)).toBe(true);
  });

  it('a correctly signed delivery is answered at once and recorded as one queued run', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const response = await deliver(body, { 'x-github-delivery': 'http-good', 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) });
    expect(response.status).toBe(200);
    const runs = await rig.runs('github-dispatch');
    expect(runs.filter((run) => run.idempotencyKey === 'http-good').map((run) => run.status)).toEqual(['queued']);
  });

  it('a bad signature is rejected and nothing is queued', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const response = await deliver(body, { 'x-github-delivery': 'http-bad', 'x-hub-signature-256': sign('wrong secret', body) });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await rig.runs('github-dispatch')).some((run) => run.idempotencyKey === 'http-bad')).toBe(false);
  });

  it('a missing signature is rejected and nothing is queued', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const response = await deliver(body, { 'x-github-delivery': 'http-missing' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await rig.runs('github-dispatch')).some((run) => run.idempotencyKey === 'http-missing')).toBe(false);
  });

  it('a body changed after signing is rejected', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));
    const signature = sign(WEBHOOK_SECRET, body);
    const response = await deliver(body.replace('"opened"', '"closed"'), { 'x-github-delivery': 'http-tampered', 'x-hub-signature-256': signature });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await rig.runs('github-dispatch')).some((run) => run.idempotencyKey === 'http-tampered')).toBe(false);
  });

  it('a redelivery over HTTP is accepted and records no second run', async () => {
    const body = JSON.stringify(example('pull_request', (p) => p.action === 'synchronize'));
    const headers = { 'x-github-delivery': 'http-redelivered', 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) };
    expect((await deliver(body, headers)).status).toBe(200);
    expect((await deliver(body, headers)).status).toBe(200);
    expect((await rig.runs('github-dispatch')).filter((run) => run.idempotencyKey === 'http-redelivered').length).toBe(1);
  });

  it('GET /healthz answers; other paths go to the REST routes', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', github: true });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
