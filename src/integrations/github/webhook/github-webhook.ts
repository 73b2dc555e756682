import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import type { Logger } from 'pino';
import type { IngestResult } from './ingest-delivery.js';
import { readBody, refusalHeaders, type BodyLimits } from '../../../server/read-body.js';
import { requestHeaders, type DeliveryHeaders } from './github-webhook-headers.js';
import type { RequestHandler } from '../../../server/http-server.js';

export interface GithubWebhookOptions {
  /** The App's webhook secret: the body's HMAC must match `X-Hub-Signature-256`. */
  secret: string;
  limits: BodyLimits;
  /** Records the delivery durably (or decides to ignore it); the answer waits for it. */
  receive(name: string, deliveryId: string, payload: object): Promise<IngestResult>;
  log: Logger;
}

/**
 * GitHub's webhook route. A 2xx means the delivery is recorded (or deliberately ignored): every other outcome
 * is an error GitHub shows on the delivery, which can then be redelivered. Headers are checked before the
 * body is read, the body is read within `limits`, and its signature is verified over the exact bytes.
 */
export function githubWebhookHandler(options: GithubWebhookOptions): RequestHandler {
  return async (req, res) => {
    const headers = requestHeaders(req);
    if (!headers.ok) {
      if (headers.status === 401) options.log.warn({ remoteAddress: req.socket.remoteAddress }, 'webhook refused: no X-Hub-Signature-256');
      return reply(req, res, headers.status, { error: headers.error }, headers.extra);
    }
    const read = await readBody(req, options.limits);
    if (!read.ok) return reply(req, res, read.status, { error: read.error });
    const text = read.body.toString('utf8');
    if (!(await signed(options.secret, text, headers.signature))) {
      // Anyone can reach this URL: one line, no stack, nothing of the body.
      options.log.warn(where(req, headers), 'webhook refused: X-Hub-Signature-256 does not match WEBHOOK_SECRET');
      return reply(req, res, 401, { error: 'the signature (X-Hub-Signature-256) does not match the webhook secret' });
    }
    const payload = parseObject(text);
    if ('error' in payload) return reply(req, res, 400, { error: payload.error });
    try {
      const result = await options.receive(headers.event, headers.deliveryId, payload.value);
      reply(req, res, 200, result);
    } catch (error) {
      options.log.error({ err: error, ...where(req, headers) }, 'recording the delivery failed; GitHub may redeliver it');
      reply(req, res, 500, { error: 'the delivery could not be recorded; redeliver it from the App settings' });
    }
  };
}

async function signed(secret: string, body: string, signature: string): Promise<boolean> {
  // `verify` rejects an empty body instead of answering false; it compares in constant time.
  return body.length > 0 && (await verify(secret, body, signature));
}

function parseObject(text: string): { value: object } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `the webhook body is not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'the webhook body must be a JSON object (a GitHub event payload)' };
  return { value };
}

function where(req: IncomingMessage, headers: DeliveryHeaders) {
  return { deliveryId: headers.deliveryId, event: headers.event, remoteAddress: req.socket.remoteAddress };
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra, ...refusalHeaders(req) })
    .end(text);
}
