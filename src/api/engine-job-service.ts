import { basename } from 'node:path';
import { systemClock, type Clock } from '../engine/clock.js';
import type { Engine } from '../engine/engine.js';
import type { EventBus } from '../engine/event-bus.js';
import type { RunStore } from '../engine/ports/run-store.js';
import { isFinal } from '../engine/run-record.js';
import { didYouMean } from '../engine/suggest.js';
import type { Workflow } from '../engine/workflow.js';
import { DEFAULT_EVENT_LOG_LIMITS, JobEventLog, type EventLogLimits } from './event-log.js';
import { UnknownWorkflowError, WorkflowNotEnabledError, type JobEvent, type JobService } from './job-service.js';
import { jobSummary, jobView } from './job-view.js';
import type { Job } from './schemas.js';
import { resumeFrom, synthesizeEvents } from './synthesize-events.js';

export interface EngineJobServiceOptions {
  engine: Pick<Engine, 'submit' | 'cancel'>;
  store: Pick<RunStore, 'getRun' | 'listRuns' | 'getSteps'>;
  /** The engine's bus: events arrive masked. */
  bus: Pick<EventBus, 'on'>;
  /** The loaded workflows, read at each request (they load after the runtime is built). */
  workflows: () => ReadonlyMap<string, Workflow>;
  clock?: Clock;
  limits?: EventLogLimits;
  /** How long `cancel` waits for running steps to stop before answering `cancelling` (default 2 s). */
  cancelWaitMs?: number;
  /** Sends a job's callback once it ends (`webhook_url`); errors are its own to record. */
  deliverCallback?: (url: string, job: Job) => Promise<void>;
}

/**
 * The JobService of one process: jobs are the engine's runs, read from its store, and their events are the
 * engine's bus events, numbered per run in a bounded in-memory log as they happen.
 */
export function createEngineJobService(options: EngineJobServiceOptions): JobService {
  const { engine, store } = options;
  const clock = options.clock ?? systemClock;
  const log = new JobEventLog(options.limits ?? DEFAULT_EVENT_LOG_LIMITS);
  const closing = new AbortController();

  const job = async (id: string): Promise<Job | undefined> => {
    const run = await store.getRun(id);
    return run ? jobView(run, await store.getSteps(id)) : undefined;
  };

  /**
   * The callback URL is stored with the run, and the process whose engine ended the run calls it (a local
   * `run.completed`): in distributed mode that is the worker that ran it, wherever the job was submitted.
   */
  const callBack = (url: string | undefined, ended: Job) => {
    if (!url || !options.deliverCallback) return;
    void options.deliverCallback(url, ended).catch(() => {});
  };

  const subscriptions = [
    options.bus.on('run.started', (event) => log.append(event.runId, 'run.started', event)),
    options.bus.on('step.started', (event) => log.append(event.runId, 'step.started', event)),
    options.bus.on('step.completed', (event) => log.append(event.runId, 'step.completed', event)),
    options.bus.on('step.failed', (event) => log.append(event.runId, 'step.failed', event)),
    options.bus.on('action.event', (event) => log.append(event.runId, 'action.event', event)),
    options.bus.on('run.completed', (event, meta) => {
      // The completion carries the whole job (outputs, steps, usage), read from the store the engine just wrote.
      store.getRun(event.runId).then(
        async (run) => {
          const ended = run ? jobView(run, await store.getSteps(event.runId)) : undefined;
          log.append(event.runId, 'run.completed', ended ?? event);
          if (ended && !meta.remote) callBack(run!.callbackUrl, ended);
        },
        () => log.append(event.runId, 'run.completed', event),
      );
    }),
  ];

  const sleep = (ms: number, signal?: AbortSignal) => clock.sleep(ms, anySignal(closing.signal, signal)).catch(() => {});

  return {
    async submit(request) {
      const workflows = options.workflows();
      const workflow = workflows.get(request.workflow);
      if (!workflow) {
        const enabled = [...workflows.values()].filter((candidate) => candidate.on.api).map((candidate) => candidate.name);
        throw new UnknownWorkflowError(request.workflow, didYouMean(request.workflow, enabled));
      }
      // A file name only: the server's directories are none of the caller's business.
      if (!workflow.on.api) throw new WorkflowNotEnabledError(workflow.name, workflow.file ? basename(workflow.file) : undefined);
      const { event, ...given } = { event: undefined, ...request.event };
      const { run, created } = await engine.submit(workflow, {
        inputs: request.inputs ?? {},
        event: { source: 'api', event: event ?? request.via, ...given },
        // Prefixed, so an API key can never collide with a webhook delivery id.
        ...(request.idempotencyKey ? { idempotencyKey: `api:${request.idempotencyKey}` } : {}),
        ...(request.webhookUrl ? { callbackUrl: request.webhookUrl } : {}),
      });
      return { job: jobSummary(run), created };
    },

    get: job,

    async list(query) {
      const runs = await store.listRuns({
        ...(query.workflow ? { workflow: query.workflow } : {}),
        ...(query.repo ? { repo: query.repo } : {}),
        ...(query.status?.length ? { status: query.status } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...(query.since !== undefined ? { createdFrom: query.since } : {}),
        ...(query.until !== undefined ? { createdBefore: query.until } : {}),
        ...(query.after ? { after: query.after } : {}),
        // One more than asked, to know whether there is a next page without a count.
        limit: query.limit + 1,
      });
      const page = runs.slice(0, query.limit);
      const last = page.at(-1);
      return { jobs: page.map(jobSummary), ...(runs.length > query.limit && last ? { next: { createdAt: last.createdAt, id: last.id } } : {}) };
    },

    async cancel(id) {
      const run = await store.getRun(id);
      if (!run) return undefined;
      if (isFinal(run.status)) return { outcome: 'finished', job: (await job(id))! };
      // Aborting a running job resolves when its steps have stopped, which an action may take long to do.
      const cancelling = engine.cancel(id, 'cancelled through the API').catch(() => undefined);
      const stop = new AbortController();
      await Promise.race([cancelling, sleep(options.cancelWaitMs ?? 2000, stop.signal)]);
      stop.abort();
      const after = (await job(id))!;
      if (after.status === 'cancelled') return { outcome: 'cancelled', job: after };
      return { outcome: isFinal(after.status) ? 'finished' : 'cancelling', job: after };
    },

    async wait(id, ms, signal) {
      if (!(await store.getRun(id))) return undefined;
      const stop = new AbortController();
      // Followed before the status is read again, so a completion in between is not missed.
      const following = log.follow(id, Number.MAX_SAFE_INTEGER, (event) => {
        if (event.type === 'run.completed') stop.abort();
      });
      try {
        const run = await store.getRun(id);
        if (run && !isFinal(run.status) && !following.over) await sleep(ms, anySignal(stop.signal, signal));
        return await job(id);
      } finally {
        stop.abort();
        following.stop();
      }
    },

    async events(id, afterSeq, onEvent) {
      const run = await store.getRun(id);
      if (!run) return undefined;
      // Checked after the await: an event that arrived meanwhile created the log, and following it misses nothing.
      if (log.has(id) || !isFinal(run.status)) return log.follow(id, afterSeq, onEvent);
      const ended = (await job(id))!;
      const known = log.completedSeq(id);
      const events = synthesizeEvents(run, await store.getSteps(id), ended);
      let replay: JobEvent[];
      if (afterSeq === 0) replay = events;
      else if (known !== undefined) replay = afterSeq >= known ? [] : [{ ...events.at(-1)!, seq: known }];
      else replay = resumeFrom(events.slice(-1), afterSeq);
      for (const event of replay) onEvent(event);
      // A client that got this completion and reconnects with its id is told the job is over, not sent it again.
      const completion = replay.at(-1);
      if (completion) log.rememberCompletion(id, completion.seq);
      return { stop: () => {}, over: true };
    },

    close() {
      closing.abort();
      for (const off of subscriptions) off();
    },
  };
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal !== undefined));
}
