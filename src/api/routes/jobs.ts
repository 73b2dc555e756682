import { Hono, type MiddlewareHandler } from 'hono';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { JobService } from '../job-service.js';
import { listQuerySchema } from '../schemas.js';
import { ApiError, invalid, validate } from './errors.js';
import { lastEventId, streamJob, type StreamDeps } from './stream-job.js';

export interface JobRoutesDeps {
  jobs: JobService;
  requireRead: MiddlewareHandler;
  requireExecute: MiddlewareHandler;
  stream: StreamDeps;
}

/** `GET /api/jobs`, `GET /api/jobs/{id}`, `DELETE /api/jobs/{id}` and `GET /api/jobs/{id}/events`. */
export function jobRoutes(deps: JobRoutesDeps): Hono {
  const app = new Hono();

  app.get('/', deps.requireRead, async (c) => {
    const query = validate(listQuerySchema, c.req.query());
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw invalid([{ path: ['cursor'], message: 'not a cursor this API gave out: pass next_cursor of the previous page as it is' }]);
    const { jobs, next } = await deps.jobs.list({
      limit: query.limit,
      ...(query.workflow ? { workflow: query.workflow } : {}),
      ...(query.repo ? { repo: query.repo } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.until !== undefined ? { until: query.until } : {}),
      ...(after ? { after } : {}),
    });
    return c.json({ jobs, next_cursor: next ? encodeCursor(next) : null });
  });

  app.get('/:id', deps.requireRead, async (c) => {
    const id = c.req.param('id');
    const job = await deps.jobs.get(id);
    if (!job) throw notFound(id);
    return c.json(job);
  });

  app.delete('/:id', deps.requireExecute, async (c) => {
    const id = c.req.param('id');
    const result = await deps.jobs.cancel(id);
    if (!result) throw notFound(id);
    const { job } = result;
    if (result.outcome === 'finished') throw new ApiError(409, 'conflict', `job ${id} already ended (${job.status}); there is nothing to cancel`);
    return c.json({ job_id: id, status: job.status }, result.outcome === 'cancelled' ? 200 : 202);
  });

  app.get('/:id/events', deps.requireRead, (c) => streamJob(c, deps.stream, c.req.param('id'), lastEventId(c.req.header('last-event-id'))));

  return app;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'not_found', `no job ${id.slice(0, 100)}; GET /api/jobs lists them`);
}
