import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { verify } from '@octokit/webhooks-methods';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type StartedServer } from '../../src/server/start-server.js';
import { createRig, example, strictNock, WEBHOOK_SECRET, type Rig } from '../github/helpers.js';
import { openRequest, streamUntilAnswered } from './raw-http.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/webhook-vectors.json', import.meta.url), 'utf8')) as {
  github_signature: { secret: string; body: string; x_hub_signature_256: string };
};

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A small cap, so that going past it costs the test little; the default is GitHub's 25 MiB. */
const MAX_BODY = 1024 * 1024;
const PR_OPENED = JSON.stringify(example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined));

let rig: Rig;
let server: StartedServer;
beforeAll(async () => {
  strictNock();
  // Deliveries are only recorded here (a web-only process); nothing runs, so no GitHub call is made.
  rig = await createRig({ server: { maxBodyBytes: MAX_BODY, bodyTimeoutMs: 1_000 } }, { start: false, load: false });
  server = await startServer(rig.runtime, { port: 0, host: '127.0.0.1', worker: false });
});
afterAll(async () => {
  await server.close();
  await rig.cleanup();
  nock.cleanAll();
});

async function recordedKeys(key: string) {
  return (await rig.runs('github-dispatch')).filter((run) => run.idempotencyKey === key).map((run) => run.status);
}

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

  it('a delivery is stored with its long free text cut to MAX_STORED_TEXT characters', async () => {
    const payload = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);
    (payload.pull_request as { body: string }).body = 'long '.repeat(13_000);
    const body = JSON.stringify(payload);
    expect((await deliver(body, { 'x-github-delivery': 'http-long-body', 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) })).status).toBe(200);
    const [run] = (await rig.runs('github-dispatch')).filter((record) => record.idempotencyKey === 'http-long-body');
    const stored = (run?.event?.payload as { pull_request: { body: string } }).pull_request.body;
    expect(stored).toBe(`${'long '.repeat(1_600)}\n\n[… 57000 more characters not stored by agentic-sdlc]`);
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

describe('the webhook HTTP path under abuse', () => {
  const webhookUrl = () => `${server.url}/api/github/webhooks`;
  const headers = (delivery: string, body: string) => ({
    'content-type': 'application/json',
    'x-github-event': 'pull_request',
    'x-github-delivery': delivery,
    'x-hub-signature-256': sign(WEBHOOK_SECRET, body),
  });

  it('a body whose Content-Length is over server.maxBodyBytes is answered 413 before any of it is sent', async () => {
    const { socket, response } = openRequest(webhookUrl(), { ...headers('http-too-long', PR_OPENED), 'content-length': 30 * 1024 * 1024 });
    const answer = await response;
    socket.destroy();
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({ error: `request body over ${MAX_BODY} bytes (server.maxBodyBytes)` });
  });

  it('a chunked body past the cap is answered 413 and never held in memory', async () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const { response, sent } = await streamUntilAnswered(webhookUrl(), headers('http-endless', PR_OPENED), chunk, 64 * 1024 * 1024, () => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    });
    // Reading stopped near the cap: memory grew by far less than was offered, and the client could not push it all.
    expect(peak - before).toBeLessThan(16 * 1024 * 1024);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect(response.status).toBe(413);
    expect(await recordedKeys('http-endless')).toEqual([]);
  });

  it('a body that stops arriving is answered 408 after server.bodyTimeoutMs, never 2xx, and nothing is recorded', async () => {
    const { socket, response } = openRequest(webhookUrl(), { ...headers('http-slow', PR_OPENED), 'content-length': Buffer.byteLength(PR_OPENED) });
    socket.write(PR_OPENED.slice(0, 100));
    const answer = await response;
    socket.destroy();
    expect(answer.status).toBe(408);
    expect(await recordedKeys('http-slow')).toEqual([]);
  });

  it('a delivery is answered only once its run is recorded, however long recording takes', async () => {
    const store = rig.runtime.store;
    const admit = store.admitRun.bind(store);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = () => {};
    const recording = new Promise<void>((resolve) => (entered = resolve));
    let recorded = false;
    store.admitRun = async (...args) => {
      entered();
      await gate;
      const result = await admit(...args);
      recorded = true;
      return result;
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { socket, response } = openRequest(webhookUrl(), { ...headers('http-slow-store', PR_OPENED), 'content-length': Buffer.byteLength(PR_OPENED) });
      socket.write(PR_OPENED);
      const answer = response.then((res) => ({ status: res.status, recordedFirst: recorded }));
      await recording;
      // Probot's middleware answered 202 "still processing" 9 s in, recorded or not.
      vi.advanceTimersByTime(60_000);
      expect(await Promise.race([answer, sleep(200).then(() => 'no answer yet')])).toBe('no answer yet');
      release();
      expect(await answer).toEqual({ status: 200, recordedFirst: true });
    } finally {
      vi.useRealTimers();
      release();
      store.admitRun = admit;
    }
    expect(await recordedKeys('http-slow-store')).toEqual(['queued']);
  });

  it('a delivery that cannot be recorded is answered 500, and its redelivery is recorded', async () => {
    const store = rig.runtime.store;
    const admit = store.admitRun.bind(store);
    store.admitRun = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    const sent = { 'x-github-delivery': 'http-store-down', 'x-hub-signature-256': sign(WEBHOOK_SECRET, PR_OPENED) };
    try {
      const response = await deliver(PR_OPENED, sent);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'the delivery could not be recorded; redeliver it from the App settings' });
    } finally {
      store.admitRun = admit;
    }
    const redelivered = await deliver(PR_OPENED, sent);
    expect(await redelivered.json()).toMatchObject({ status: 'queued' });
    expect(await recordedKeys('http-store-down')).toEqual(['queued']);
  });

  it('a blank X-GitHub-Delivery is refused with 400 and nothing is recorded', async () => {
    const before = (await rig.runs('github-dispatch')).length;
    for (const delivery of ['', '   ']) {
      const response = await deliver(PR_OPENED, { 'x-github-delivery': delivery, 'x-hub-signature-256': sign(WEBHOOK_SECRET, PR_OPENED) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'the X-GitHub-Delivery header is missing or blank: it identifies the delivery and keeps redeliveries from running twice' });
    }
    expect((await rig.runs('github-dispatch')).length).toBe(before);
  });

  it('a signed body that is JSON but not an object (null, a string, an array) is refused with 400', async () => {
    for (const [index, body] of ['null', '"str"', '[]'].entries()) {
      const response = await deliver(body, { 'x-github-delivery': `http-not-object-${index}`, 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'the webhook body must be a JSON object (a GitHub event payload)' });
      expect(await recordedKeys(`http-not-object-${index}`)).toEqual([]);
    }
  });

  it('a signed body that is not JSON is refused with 400 saying where it breaks', async () => {
    const body = '{"action": ';
    const response = await deliver(body, { 'x-github-delivery': 'http-not-json', 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^the webhook body is not JSON: /);
  });

  it('a body that is not application/json is refused with 415', async () => {
    const response = await deliver('payload=%7B%7D', { 'content-type': 'application/x-www-form-urlencoded', 'x-github-delivery': 'http-form', 'x-hub-signature-256': sign(WEBHOOK_SECRET, 'payload=%7B%7D') });
    expect(response.status).toBe(415);
  });

  it('the REST routes refuse bodies over the cap too, by Content-Length or while streaming', async () => {
    const declared = openRequest(`${server.url}/healthz`, { 'content-type': 'application/json', 'content-length': 30 * 1024 * 1024 });
    const answer = await declared.response;
    declared.socket.destroy();
    expect(answer.status).toBe(413);
    const streamed = await streamUntilAnswered(`${server.url}/nope`, { 'content-type': 'application/json' }, Buffer.alloc(64 * 1024, 0x20), 64 * 1024 * 1024, () => {});
    expect(streamed.response.status).toBe(413);
    expect(streamed.sent).toBeLessThan(32 * 1024 * 1024);
  });
});
