import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiRig, type ApiRig } from './rig.js';

// The example secret of the Standard Webhooks specification.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let arrived: (() => void) | undefined;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
      arrived?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/agentic-sdlc?token=receiver-secret`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhook_url when callbacks are configured and the receiver allowed', () => {
  let rig: ApiRig;
  beforeAll(async () => {
    rig = await startApiRig({ api: { callbacks: { secret: SECRET, allowHosts: ['127.0.0.1'] } } });
  });
  afterAll(async () => {
    await rig.close();
  });

  it('calls the receiver once when the job ends, signed so that a Standard Webhooks verifier accepts it', async () => {
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    const { status, body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'call me' }, webhook_url: receiverUrl } });
    expect(status).toBe(202);
    await delivered;
    expect(received).toHaveLength(1);
    const [call] = received;
    const payload = new Webhook(SECRET).verify(call!.body, call!.headers as Record<string, string>) as { type: string; data: { job_id: string; status: string; outputs: unknown } };
    expect(payload.type).toBe('job.completed');
    expect(payload.data).toMatchObject({ job_id: body.job_id, status: 'success', outputs: { said: 'call me' } });
    expect(call!.headers['webhook-id']).toBe(`msg_${body.job_id}`);
    // A tampered body fails the same verifier.
    expect(() => new Webhook(SECRET).verify(call!.body.replace('call me', 'call you'), call!.headers as Record<string, string>)).toThrow();
  });
});

describe('webhook_url refused up front', () => {
  let rig: ApiRig;
  beforeAll(async () => {
    rig = await startApiRig({ api: { callbacks: { secret: SECRET } } });
  });
  afterAll(async () => {
    await rig.close();
  });

  it('answers 400 for a loopback receiver that is not allowed, and starts no job', async () => {
    const before = (await rig.runtime.store.listRuns()).length;
    const { status, body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'x' }, webhook_url: 'http://127.0.0.1:9/hook' } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', issues: [{ path: ['webhook_url'], message: expect.stringContaining('127.0.0.1') }] });
    expect(body.message).toContain('api.callbacks.allowHosts');
    expect((await rig.runtime.store.listRuns()).length).toBe(before);
  });

  it('answers 400 for a URL that is not http(s)', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'x' }, webhook_url: 'file:///etc/passwd' } });
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: ['webhook_url'], message: 'expected an http(s) URL' }]);
  });
});

describe('webhook_url without a callback secret', () => {
  it('answers 400 saying how to configure callbacks', async () => {
    const rig = await startApiRig();
    try {
      const { status, body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'x' }, webhook_url: 'https://hooks.example.com/x' } });
      expect(status).toBe(400);
      expect(body.message).toContain('AGENTIC_SDLC_CALLBACK_SECRET');
    } finally {
      await rig.close();
    }
  });
});
