import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookId, signWebhook, webhookHeaders } from '../../../src/api/callbacks/sign.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = () => Math.floor(Date.now() / 1000);

describe('Standard Webhooks signing of job callbacks', () => {
  it('produces headers the independent standardwebhooks verifier accepts', () => {
    const body = JSON.stringify({ type: 'job.completed', data: { job_id: 'run_1', status: 'success' } });
    const headers = webhookHeaders({ id: 'msg_1', timestampSeconds: now(), body, secret: SECRET });
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs exactly what the reference implementation signs', () => {
    const body = '{"test": 2432232314}';
    const reference = new Webhook(SECRET).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), body);
    expect(signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestampSeconds: 1614265330, body, secret: SECRET })).toBe(reference);
  });

  it('gives a signature the verifier rejects once the body, the id or the timestamp changes', () => {
    const body = '{"status":"success"}';
    const headers = webhookHeaders({ id: 'msg_1', timestampSeconds: now(), body, secret: SECRET });
    const verifier = new Webhook(SECRET);
    expect(() => verifier.verify('{"status":"failure"}', { ...headers })).toThrow(/signature/i);
    expect(() => verifier.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow(/signature/i);
    expect(() => verifier.verify(body, { ...headers, 'webhook-timestamp': String(now() - 1) })).toThrow(/signature/i);
  });

  it('is not accepted under another secret', () => {
    const body = '{}';
    const headers = webhookHeaders({ id: 'msg_1', timestampSeconds: now(), body, secret: SECRET });
    expect(() => new Webhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').verify(body, { ...headers })).toThrow(/signature/i);
  });

  it('refuses a secret that is not whsec_', () => {
    expect(() => signWebhook({ id: 'msg_1', timestampSeconds: 1, body: '{}', secret: 'plain' })).toThrow(
      'a callback secret is whsec_ then base64 (set api.callbacks.secret)',
    );
  });

  it('makes message ids that differ per callback', () => {
    expect(newWebhookId()).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    expect(newWebhookId()).not.toBe(newWebhookId());
  });
});
