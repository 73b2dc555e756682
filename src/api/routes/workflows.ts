import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { isFinal } from '../../engine/run-record.js';
import type { JobRequest, JobService } from '../job-service.js';
import { executeRequestSchema, streamQuerySchema, submitRequestSchema, type SubmitRequest } from '../schemas.js';
import { ApiError, jsonBody, validate } from './errors.js';
import { streamJob, type StreamDeps } from './stream-job.js';

export interface WorkflowRoutesDeps {
  jobs: JobService;
  requireExecute: MiddlewareHandler;
  /** `api.executeWaitMs`: how long `execute` waits when the request does not say. */
  executeWaitMs: number;
  /** Why a `webhook_url` is refused (not configured, a private address, ...), or undefined when it may be called. */
  checkCallbackUrl(url: string): Promise<string | undefined>;
  /** Aborts on shutdown: waiting `execute` requests answer 202 at once. */
  closing: AbortSignal;
  stream: StreamDeps;
}

/** `POST /api/workflows/execute`, `POST /api/workflows/submit` and `GET /api/workflows/execute/stream`. */
export function workflowRoutes(deps: WorkflowRoutesDeps): Hono {
  const app = new Hono();

  app.post('/execute', deps.requireExecute, async (c) => {
    const body = await jsonBody(c, executeRequestSchema);
    const { job } = await deps.jobs.submit(await jobRequest(c, deps, body, 'execute'));
    const ended = await deps.jobs.wait(job.job_id, body.wait ?? deps.executeWaitMs, AbortSignal.any([c.req.raw.signal, deps.closing]));
    if (ended && isFinal(ended.status)) return c.json(ended, 200);
    return accepted(c, job.job_id, ended?.status ?? job.status);
  });

  app.post('/submit', deps.requireExecute, async (c) => {
    const body = await jsonBody(c, submitRequestSchema);
    const { job } = await deps.jobs.submit(await jobRequest(c, deps, body, 'submit'));
    return accepted(c, job.job_id, job.status);
  });

  // A GET that starts a job, because EventSource can only GET: it needs the `execute` scope all the same.
  app.get('/execute/stream', deps.requireExecute, async (c) => {
    const query = validate(streamQuerySchema, c.req.query());
    const { job } = await deps.jobs.submit({ workflow: query.workflow, ...(query.inputs ? { inputs: query.inputs } : {}), via: 'execute', ...idempotencyKey(c) });
    return streamJob(c, deps.stream, job.job_id, 0);
  });

  return app;
}

function accepted(c: Context, id: string, status: string) {
  return c.json({ job_id: id, status }, 202, { location: `/api/jobs/${id}` });
}

async function jobRequest(c: Context, deps: WorkflowRoutesDeps, body: SubmitRequest, via: string): Promise<JobRequest> {
  if (body.webhook_url) {
    // Refused here, as a 400, rather than failing silently when the job ends.
    const refused = await deps.checkCallbackUrl(body.webhook_url);
    if (refused) throw new ApiError(400, 'invalid_request', `webhook_url: ${refused}`, [{ path: ['webhook_url'], message: refused }]);
  }
  return {
    workflow: body.workflow,
    via,
    ...(body.inputs ? { inputs: body.inputs } : {}),
    ...(body.event ? { event: body.event } : {}),
    ...(body.webhook_url ? { webhookUrl: body.webhook_url } : {}),
    ...idempotencyKey(c),
  };
}

/** `Idempotency-Key`: printable ASCII, at most 200 characters; the same key returns the same job. */
function idempotencyKey(c: Context): { idempotencyKey?: string } {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return {};
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ApiError(400, 'invalid_request', 'Idempotency-Key: expected 1 to 200 printable ASCII characters without spaces', [{ path: ['Idempotency-Key'], message: 'expected 1 to 200 printable ASCII characters' }]);
  }
  return { idempotencyKey: key };
}
