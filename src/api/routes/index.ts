import { Hono } from 'hono';
import { systemClock, type Clock } from '../../engine/clock.js';
import type { Logger } from '../../logger.js';
import type { ApiAuth } from '../auth/index.js';
import type { JobCallbacks } from '../job-callbacks.js';
import type { JobService } from '../job-service.js';
import { openApiDocument } from '../openapi.js';
import type { SseStream } from '../sse.js';
import { answerError } from './errors.js';
import { jobRoutes } from './jobs.js';
import { workflowRoutes } from './workflows.js';

export interface JobApiOptions {
  jobs: JobService;
  auth: Pick<ApiAuth, 'require'>;
  /** `api.executeWaitMs`. */
  executeWaitMs: number;
  /** Without it, a request with `webhook_url` is refused. */
  callbacks?: Pick<JobCallbacks, 'check'>;
  version: string;
  logger: Logger;
  /** Heartbeat timers (tests inject a fake one). */
  clock?: Clock;
  /** Default 15 s. */
  heartbeatMs?: number;
  /** What a stream may hold for a client that does not read before it is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
}

export interface JobApi {
  app: Hono;
  /** Ends every open event stream and releases waiting `execute` requests (they answer 202): call before the HTTP server closes. */
  close(): void;
}

/**
 * The `/api` routes: workflows (execute, submit, stream), jobs (list, get, cancel, events) and the OpenAPI
 * document. Every route but the document needs a token: `read` for GET, `execute` for what starts or stops a job.
 */
export function jobApi(options: JobApiOptions): JobApi {
  const closing = new AbortController();
  const open = new Set<SseStream>();
  const stream = {
    jobs: options.jobs,
    clock: options.clock ?? systemClock,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    open,
  };
  const requireRead = options.auth.require('read');
  const requireExecute = options.auth.require('execute');
  let document: Record<string, unknown> | undefined;

  const app = new Hono();
  app.get('/api/openapi.json', (c) => c.json((document ??= openApiDocument(options.version))));
  app.route(
    '/api/workflows',
    workflowRoutes({
      jobs: options.jobs,
      requireExecute,
      executeWaitMs: options.executeWaitMs,
      closing: closing.signal,
      stream,
      checkCallbackUrl: (url) => (options.callbacks ? options.callbacks.check(url) : Promise.resolve('callbacks are not configured on this server')),
    }),
  );
  app.route('/api/jobs', jobRoutes({ jobs: options.jobs, requireRead, requireExecute, stream }));
  app.onError((error, c) => {
    const answer = answerError(c, error);
    if (answer) return answer;
    // The cause goes to the log; the caller learns only that it was not their fault.
    options.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'API request failed');
    return c.json({ error: 'internal', message: 'the server failed to answer; the cause is in its log' }, 500);
  });
  return {
    app,
    close() {
      closing.abort();
      for (const sse of [...open]) sse.close();
    },
  };
}
