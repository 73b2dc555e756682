import type { ActionRegistry } from './action.js';
import { systemClock, type Clock } from './clock.js';
import { CancelledError, TimeoutError, errorMessage } from './errors.js';
import { EventBus } from './event-bus.js';
import { executeRun } from './execute-run.js';
import { compileValue, evaluateValue } from './expressions/index.js';
import { resolveInputs } from './inputs.js';
import { maskedEvents, maskedStore, type EventSink } from './masked-sinks.js';
import { isFinal, type RunRecord } from './run-record.js';
import { newRunId } from './run-id.js';
import { SecretMasker } from './secret-masker.js';
import type { TriggerEvent } from './trigger-event.js';
import type { Workflow } from './workflow.js';
import type { RunQueue } from './ports/run-queue.js';
import type { RunStore } from './ports/run-store.js';

export interface EngineOptions {
  store: RunStore;
  queue: RunQueue;
  actions: ActionRegistry;
  bus?: EventBus;
  clock?: Clock;
  /** Values for the `secrets` context; also masked in logs and stored state. */
  secrets?: Record<string, string>;
  /**
   * Masked like `secrets` but not readable by workflows: the credentials integrations hold (bot tokens, API
   * tokens, webhook secrets), so one that slips into an error or a log line never reaches the store.
   */
  masked?: readonly string[];
  /** Independent steps of one run that may run at once. */
  maxParallelSteps?: number;
  /**
   * The `integrations` context: integration name → configured (`github`, `slack`, ...), so a workflow can skip
   * a sink whose vendor is not set up (`if: ${{ integrations.jira }}`). Names are the runtime's; the engine knows none.
   */
  integrations?: Record<string, boolean>;
  random?: () => number;
}

export interface SubmitRequest {
  inputs?: Record<string, unknown>;
  event?: TriggerEvent;
  /** Same key, same run: a redelivered webhook or a retried API call returns the existing run. */
  idempotencyKey?: string;
}

export interface SubmitResult {
  run: RunRecord;
  created: boolean;
}

/**
 * The one engine every trigger feeds. `submit` admits a run (idempotency, concurrency group) and queues it;
 * the queue's worker executes it. Vendor code never appears here: actions come from the registry.
 */
export class Engine {
  readonly bus: EventBus;
  readonly store: RunStore;
  /** The engine writes and publishes only through these two: they mask configured secrets. */
  private readonly state: RunStore;
  private readonly events: EventSink;
  private readonly queue: RunQueue;
  private readonly actions: ActionRegistry;
  private readonly clock: Clock;
  private readonly secrets: Record<string, string>;
  private readonly integrations: Record<string, boolean>;
  private readonly masker: SecretMasker;
  private readonly maxParallelSteps: number;
  private readonly random: () => number;
  /** Runs executing in this process, so `cancel` can reach their steps. */
  private readonly active = new Map<string, AbortController>();
  private started = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.queue = options.queue;
    this.actions = options.actions;
    this.bus = options.bus ?? new EventBus();
    this.clock = options.clock ?? systemClock;
    this.secrets = options.secrets ?? {};
    this.integrations = options.integrations ?? {};
    this.masker = new SecretMasker([...Object.values(this.secrets), ...(options.masked ?? [])]);
    this.state = maskedStore(this.store, this.masker);
    this.events = maskedEvents(this.bus, this.masker);
    this.maxParallelSteps = options.maxParallelSteps ?? 4;
    this.random = options.random ?? Math.random;
  }

  /** Starts executing queued runs in this process. */
  start(): this {
    if (!this.started) {
      this.started = true;
      this.queue.process((runId) => this.execute(runId));
    }
    return this;
  }

  async submit(workflow: Workflow, request: SubmitRequest = {}): Promise<SubmitResult> {
    const inputs = resolveInputs(workflow, request.inputs ?? {}, { manual: request.event === undefined });
    const id = newRunId(this.clock.now());
    const group = workflow.concurrency ? this.concurrencyGroup(workflow, id, inputs, request.event) : undefined;
    const admitted = await this.state.admitRun(
      {
        id,
        workflow,
        inputs,
        createdAt: this.clock.now(),
        ...(request.event ? { event: request.event } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
        ...(group ? { concurrencyGroup: group } : {}),
      },
      { cancelInProgress: workflow.concurrency?.cancelInProgress ?? false },
    );
    if (!admitted.created) return { run: admitted.run, created: false };

    for (const replaced of admitted.replaced) {
      this.events.emit('run.completed', { runId: replaced, workflow: workflow.name, status: 'cancelled', error: `replaced by ${id}`, durationMs: 0 });
    }
    for (const running of admitted.toCancel) this.abort(running, new CancelledError(`cancelled by newer run ${id} in group ${group}`));
    this.events.emit('run.queued', { runId: id, workflow: workflow.name, status: admitted.run.status });
    if (admitted.run.status === 'queued') await this.queue.enqueue(id);
    return { run: admitted.run, created: true };
  }

  /** Cancels a run wherever it is: waiting (cancelled at once) or running here (its steps are aborted). */
  async cancel(runId: string, reason = 'cancelled'): Promise<RunRecord | undefined> {
    if (this.abort(runId, new CancelledError(reason))) return this.waitFor(runId);
    const run = await this.state.getRun(runId);
    if (!run || isFinal(run.status)) return run;
    const { cancelled, promoted } = await this.state.cancelIfNotStarted(runId, reason, this.clock.now());
    if (cancelled) this.events.emit('run.completed', { runId, workflow: run.workflowName, status: 'cancelled', error: reason, durationMs: 0 });
    if (promoted) await this.enqueuePromoted(promoted);
    return this.state.getRun(runId);
  }

  /** Resolves with the run once it has reached a final state. */
  waitFor(runId: string): Promise<RunRecord> {
    return new Promise((resolve, reject) => {
      const off = this.bus.on('run.completed', (event) => {
        if (event.runId !== runId) return;
        off();
        this.state.getRun(runId).then((run) => (run ? resolve(run) : reject(new Error(`run ${runId} vanished`))), reject);
      });
      this.state.getRun(runId).then((run) => {
        if (!run) {
          off();
          reject(new Error(`no run ${runId}`));
        } else if (isFinal(run.status)) {
          off();
          resolve(run);
        }
      }, reject);
    });
  }

  /**
   * Puts runs that were queued, running (the process was killed) or interrupted (it shut down) when the
   * process stopped back on the queue. Their finished steps are kept; the step that was in flight runs again.
   */
  async recover(): Promise<RunRecord[]> {
    const unfinished = await this.state.listRuns({ status: ['queued', 'running', 'interrupted'], limit: 10_000 });
    const ordered = unfinished.reverse();
    for (const run of ordered) await this.queue.enqueue(run.id);
    return ordered;
  }

  /**
   * Stops taking work and cancels nothing. Runs in flight get `graceMs` to finish; a run still going after
   * that is marked `interrupted` in the store (its finished steps kept) and resumes on the next start, as
   * after a crash. Returns the ids of the runs handed back that way.
   */
  async close(options: { graceMs?: number } = {}): Promise<string[]> {
    const drained = this.queue.close();
    if (options.graceMs === undefined) {
      await drained;
      return [];
    }
    let cancelTimer = () => {};
    const timedOut = new Promise<void>((resolve) => {
      cancelTimer = this.clock.setTimer(options.graceMs!, resolve);
    });
    await Promise.race([drained, timedOut]);
    cancelTimer();
    // A run that finished meanwhile is not `running` any more and stays as it ended.
    return this.state.markInterrupted([...this.active.keys()]);
  }

  private async execute(runId: string): Promise<void> {
    const run = await this.state.getRun(runId);
    if (!run || isFinal(run.status) || run.status === 'pending') return;
    const startedAt = this.clock.now();
    if (!(await this.state.markRunning(runId, startedAt))) return;

    const controller = new AbortController();
    this.active.set(runId, controller);
    const cancelTimer = run.workflow.timeoutMs
      ? this.clock.setTimer(run.workflow.timeoutMs, () => controller.abort(new TimeoutError('run', run.workflow.timeoutMs!)))
      : undefined;
    this.events.emit('run.started', { runId, workflow: run.workflowName });

    let outcome;
    try {
      const previous = await this.state.getSteps(runId);
      outcome = await executeRun(
        {
          store: this.state,
          bus: this.events,
          clock: this.clock,
          masker: this.masker,
          random: this.random,
          actions: this.actions,
          secrets: this.secrets,
          integrations: this.integrations,
          maxParallelSteps: this.maxParallelSteps,
        },
        run,
        previous,
        controller.signal,
      );
    } catch (error) {
      outcome = { status: 'failure' as const, outputs: {}, error: errorMessage(error) };
    } finally {
      cancelTimer?.();
      this.active.delete(runId);
    }

    const finishedAt = this.clock.now();
    const { promoted } = await this.state.finishRun(runId, outcome.status, {
      outputs: outcome.outputs,
      finishedAt,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    this.events.emit('run.completed', {
      runId,
      workflow: run.workflowName,
      status: outcome.status,
      durationMs: finishedAt - (run.startedAt ?? startedAt),
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    if (promoted) await this.enqueuePromoted(promoted);
  }

  private async enqueuePromoted(run: RunRecord): Promise<void> {
    this.events.emit('run.queued', { runId: run.id, workflow: run.workflowName, status: 'queued' });
    await this.queue.enqueue(run.id);
  }

  private abort(runId: string, reason: Error): boolean {
    const controller = this.active.get(runId);
    if (!controller) return false;
    controller.abort(reason);
    return true;
  }

  private concurrencyGroup(workflow: Workflow, runId: string, inputs: Record<string, unknown>, event?: TriggerEvent): string {
    const contexts = { event: event ?? null, inputs, secrets: {}, integrations: this.integrations, env: workflow.env, steps: {}, run: { id: runId, workflow: workflow.name } };
    return String(evaluateValue(compileValue(workflow.concurrency!.group), { contexts }));
  }
}
