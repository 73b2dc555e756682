import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, refusalHeaders, type BodyLimits } from '../../server/read-body.js';
import type { RequestHandler } from '../../server/http-server.js';

/** Bolt's `HTTPReceiver.requestListener`: answers on `res` by itself, later. */
export type BoltListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface SlackRouteOptions {
  limits: BodyLimits;
  /** Resolves once Bolt is loaded and the app built (the first request waits for it). */
  listener: () => Promise<BoltListener>;
}

/**
 * Slack's route on our server: our body cap and deadline first (413 / 408, nothing recorded, Bolt never sees
 * the request), then Bolt's request listener on the bytes already read (Bolt reuses a request's `rawBody`),
 * which verifies the signature and the 5-minute timestamp window (401), answers `url_verification` and runs
 * the listeners.
 */
export function slackEventsHandler(options: SlackRouteOptions): RequestHandler {
  return async (req, res) => {
    if (req.method !== 'POST') return reply(req, res, 405, { error: 'Slack requests are POSTs' }, { allow: 'POST' });
    const read = await readBody(req, options.limits);
    if (!read.ok) return reply(req, res, read.status, { error: read.error });
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = read.body;
    const listen = await options.listener();
    const answered = new Promise<void>((resolve) => res.once('close', resolve));
    listen(req, res);
    // Bolt answers asynchronously; waiting keeps this handler's promise as long as the request it serves.
    await answered;
  };
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra, ...refusalHeaders(req) }).end(text);
}
