import type { Context } from 'hono';
import type { Clock } from '../../engine/clock.js';
import type { JobEvent, JobService } from '../job-service.js';
import { openSse, type SseStream } from '../sse.js';
import { ApiError } from './errors.js';

/** What every event stream of the API shares: timers, limits and the set that shutdown closes. */
export interface StreamDeps {
  jobs: JobService;
  clock: Clock;
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Open streams; `close()` of the routes ends them all. */
  open: Set<SseStream>;
}

/**
 * Answers with the events of job `id` after `afterSeq`: 404 for no such job, 204 when the job ended and the
 * client has everything (an EventSource stops reconnecting on 204), else a stream that ends after the completion.
 */
export async function streamJob(c: Context, deps: StreamDeps, id: string, afterSeq: number): Promise<Response> {
  // Events replayed while the job is looked up wait here: the stream opens only once the job is known.
  const early: JobEvent[] = [];
  let deliver = (event: JobEvent): void => {
    early.push(event);
  };
  const following = await deps.jobs.events(id, afterSeq, (event) => deliver(event));
  if (!following) throw new ApiError(404, 'not_found', `no job ${id}`);
  if (following.over && early.length === 0) return c.body(null, 204);
  const stream = openSse({
    clock: deps.clock,
    heartbeatMs: deps.heartbeatMs,
    maxBufferedBytes: deps.maxBufferedBytes,
    onClose: () => {
      following.stop();
      deps.open.delete(stream);
    },
  });
  deps.open.add(stream);
  for (const event of early) stream.send(event);
  deliver = (event) => stream.send(event);
  return stream.response;
}

/** `Last-Event-ID` as the sequence number it is; 0 without one. */
export function lastEventId(header: string | undefined): number {
  if (header === undefined || header === '') return 0;
  if (!/^\d{1,15}$/.test(header)) throw new ApiError(400, 'invalid_request', `Last-Event-ID '${header.slice(0, 40)}' is not an event id of this API (a number)`);
  return Number(header);
}
