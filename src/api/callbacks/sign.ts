import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-signature` is `v1,` then the base64
 * HMAC-SHA256 of `id.timestamp.body`, keyed with the bytes the `whsec_` secret encodes. Receivers verify it with
 * any Standard Webhooks library; the id lets them drop a redelivery, the timestamp lets them refuse a replay.
 */

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The HMAC key a `whsec_<base64>` secret stands for. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new Error('a callback secret is whsec_ then base64 (set api.callbacks.secret)');
  return Buffer.from(secret.slice('whsec_'.length), 'base64');
}

export function signWebhook(input: { id: string; timestampSeconds: number; body: string; secret: string }): string {
  const mac = createHmac('sha256', secretKey(input.secret)).update(`${input.id}.${input.timestampSeconds}.${input.body}`).digest('base64');
  return `v1,${mac}`;
}

export function webhookHeaders(input: { id: string; timestampSeconds: number; body: string; secret: string }): WebhookHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': signWebhook(input),
  };
}

/** A message id for one callback: the same on every attempt, so a receiver can tell a retry from a new event. */
export function newWebhookId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}
