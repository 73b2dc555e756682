import type { IncomingMessage } from 'node:http';

export interface DeliveryHeaders {
  event: string;
  deliveryId: string;
  signature: string;
}

export type HeaderCheck = ({ ok: true } & DeliveryHeaders) | { ok: false; status: 400 | 401 | 405 | 415; error: string; extra?: Record<string, string> };

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;

/**
 * What a GitHub delivery must carry before its body is worth reading: POST, JSON, the event name, a
 * delivery id (the key that keeps a redelivery from running twice, so a blank one is refused rather than
 * accepted without deduplication) and a signature.
 */
export function requestHeaders(req: IncomingMessage): HeaderCheck {
  if (req.method !== 'POST') return { ok: false, status: 405, error: `${req.method} is not accepted: GitHub delivers webhooks with POST`, extra: { allow: 'POST' } };
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return { ok: false, status: 415, error: 'the webhook body must be application/json: set the content type to JSON in the webhook settings' };
  }
  const event = header(req, 'x-github-event');
  if (!event) return { ok: false, status: 400, error: 'the X-GitHub-Event header is missing or blank' };
  const deliveryId = header(req, 'x-github-delivery');
  if (!deliveryId) return { ok: false, status: 400, error: 'the X-GitHub-Delivery header is missing or blank: it identifies the delivery and keeps redeliveries from running twice' };
  const signature = header(req, 'x-hub-signature-256');
  if (!signature) return { ok: false, status: 401, error: 'the X-Hub-Signature-256 header is missing: give the App a webhook secret and set the same WEBHOOK_SECRET here' };
  return { ok: true, event, deliveryId, signature };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = (Array.isArray(value) ? value.join(', ') : value)?.trim();
  return text || undefined;
}
