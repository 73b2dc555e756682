import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readBody, refusalHeaders, type BodyLimits } from '../../server/read-body.js';
import type { RequestHandler } from '../../server/http-server.js';
import { parseBuildNotification, type BuildNotification } from './build-notification.js';
import type { IngestBuildResult } from './ingest-build.js';
import { presentedToken, tokenMatches } from './webhook-token.js';

export interface JenkinsWebhookOptions {
  /** JENKINS_WEBHOOK_TOKEN: what every request must present. */
  token: string;
  limits: BodyLimits;
  /** Records the runs the notification starts; the answer waits for it. */
  receive(notification: BuildNotification, raw: unknown): Promise<IngestBuildResult>;
  log: Logger;
}

/**
 * `POST /api/jenkins/webhook`. The token is checked before the body is read (nothing is recorded for a
 * wrong one); the body is read within `limits`; a 2xx means the runs are recorded, or that none listens.
 * Every refusal says what is wrong, so the Jenkins console shows the fix.
 */
export function jenkinsWebhookHandler(options: JenkinsWebhookOptions): RequestHandler {
  return async (req, res) => {
    if (req.method !== 'POST') return reply(req, res, 405, { error: `use POST for the Jenkins webhook (got ${req.method})` }, { allow: 'POST' });
    if (!tokenMatches(options.token, presentedToken(req))) {
      // Anyone can reach this URL: one line, and nothing of what was presented.
      options.log.warn({ remoteAddress: req.socket.remoteAddress }, 'jenkins webhook refused: wrong or missing token');
      return reply(req, res, 401, { error: 'wrong or missing token: send JENKINS_WEBHOOK_TOKEN as `Authorization: Bearer <token>` or as `?token=<token>`' });
    }
    const read = await readBody(req, options.limits);
    if (!read.ok) return reply(req, res, read.status, { error: read.error });
    let body: unknown;
    try {
      body = JSON.parse(read.body.toString('utf8'));
    } catch (error) {
      return reply(req, res, 400, { error: `the body is not JSON: ${(error as Error).message}` });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return reply(req, res, 400, { error: 'the body must be a JSON object (a build notification)' });
    const parsed = parseBuildNotification(body as Record<string, unknown>);
    if (!parsed.ok) return reply(req, res, 422, { error: parsed.error });
    try {
      const result = await options.receive(parsed.notification, body);
      reply(req, res, result.status === 'queued' ? 202 : 200, result);
    } catch (error) {
      options.log.error({ err: error, job: parsed.notification.job, build: parsed.notification.build }, 'recording the jenkins notification failed');
      reply(req, res, 500, { error: 'the notification could not be recorded; Jenkins may send it again' });
    }
  };
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra, ...refusalHeaders(req) }).end(text);
}
