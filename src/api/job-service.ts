import type { ApiEvent, Job, JobSummary } from './schemas.js';

/**
 * What the REST routes need of the engine, and nothing more: submitting, reading, listing, cancelling,
 * waiting for and following jobs (a job is a run started or read through the API). Today one process
 * implements it over the in-process engine (`engine-job-service.ts`); distributed mode swaps the
 * implementation, not the routes.
 */
export interface JobService {
  /** Admits a run of `workflow`; throws UnknownWorkflowError, WorkflowNotEnabledError or the engine's InputError. */
  submit(request: JobRequest): Promise<{ job: JobSummary; created: boolean }>;
  get(id: string): Promise<Job | undefined>;
  list(query: JobQuery): Promise<{ jobs: JobSummary[]; next?: JobPosition }>;
  /** Undefined when there is no such job. */
  cancel(id: string): Promise<CancelOutcome | undefined>;
  /** The job once it has ended, or as it is after `ms` (or when `signal` aborts); undefined when there is no such job. */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<Job | undefined>;
  /**
   * Calls `onEvent` with the job's events after sequence number `afterSeq` (0: all), then with each new one,
   * in order, up to and including `run.completed`. Resolves with the function that stops it and whether
   * nothing more will come (`over`), or undefined when there is no such job.
   */
  events(id: string, afterSeq: number, onEvent: (event: JobEvent) => void): Promise<EventFollow | undefined>;
  /** Stops following the engine; pending `wait`s answer with the job as it is. */
  close(): void;
}

export interface EventFollow {
  stop(): void;
  /** The job's completion has been delivered (in this call, or before `afterSeq`). */
  over: boolean;
}

export interface JobRequest {
  workflow: string;
  inputs?: Record<string, unknown>;
  event?: ApiEvent;
  /** The event name when the request gives none (`execute`, `submit`). */
  via: string;
  /** The caller's `Idempotency-Key`: the same key returns the same job. */
  idempotencyKey?: string;
  /** Called once when the job ends (see `callbacks`). */
  webhookUrl?: string;
}

export interface JobQuery {
  workflow?: string;
  repo?: string;
  status?: Job['status'][];
  source?: string;
  since?: number;
  until?: number;
  limit: number;
  after?: JobPosition;
}

/** Where a page ended, for the next one (the cursor, before encoding). */
export interface JobPosition {
  createdAt: number;
  id: string;
}

export type CancelOutcome =
  | { outcome: 'cancelled'; job: Job }
  /** Cancellation reached the running steps, which have not stopped yet. */
  | { outcome: 'cancelling'; job: Job }
  | { outcome: 'finished'; job: Job };

export const JOB_EVENT_TYPES = ['run.started', 'step.started', 'step.completed', 'step.failed', 'action.event', 'run.completed'] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** One server-sent event: `seq` counts per job from 1 and is the SSE `id`. */
export interface JobEvent {
  seq: number;
  type: JobEventType;
  data: unknown;
}

export class UnknownWorkflowError extends Error {
  constructor(
    readonly workflow: string,
    readonly suggestion?: string,
  ) {
    super(`no workflow named '${workflow}'${suggestion ? `; did you mean ${suggestion}?` : ''}`);
    this.name = 'UnknownWorkflowError';
  }
}

export class WorkflowNotEnabledError extends Error {
  constructor(
    readonly workflow: string,
    file?: string,
  ) {
    super(`workflow ${workflow} does not accept API runs: add \`api: true\` under \`on:\`${file ? ` in ${file}` : ''}`);
    this.name = 'WorkflowNotEnabledError';
  }
}
