import type { ActionRegistry } from './action.js';
import { systemClock, type Clock } from './clock.js';
import { CancelledError, TimeoutError, errorMessage } from './errors.js';
import { EventBus } from './event-bus.js';
import { executeRun } from './execute-run.js';
import { compileValue, evaluateValue } from './expressions/index.js';
import { resolveInputs } from './inputs.js';
import { maskedEvents, maskedStore, type EventSink } from './masked-sinks.js';
import { newLeaseOwner, ownerGoneOnThisHost } from './lease-owner.js';
import { isFinal, type RunRecord } from './run-record.js';
import { OrphanSweep } from './orphan-sweep.js';
import { RunLease } from './run-lease.js';
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
  /**
   * How long a run's lease lasts without renewal (default 30 s): after a worker dies, its runs wait this long
   * before another worker takes them over (at once when the dead worker was on the same machine).
   */
  leaseMs?: number;
  /** This engine's lease owner (default `host/pid/random`, see lease-owner.ts). */
  owner?: string;
  /** Whether a lease owner is certainly gone (default: a dead process on this machine). */
  isOwnerGone?: (owner: string) => boolean;
}

export interface SubmitRequest {
  inputs?: Record<string, unknown>;
  event?: TriggerEvent;
  /** Same key, same run: a redelivered webhook or a retried API call returns the existing run. */
  idempotencyKey?: string;
  /** Stored with the run: where the process that ends it announces the end (the REST API's `webhook_url`). */
  callbackUrl?: string;
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
  /** Runs executing in this process, so `cancel` can reach their steps and `close` can hand them back. */
  private readonly active = new Map<string, { controller: AbortController; lease: RunLease }>();
  private started = false;
  /** Who holds the leases of the runs this engine executes. */
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly orphans: OrphanSweep;
  private readonly offCancelRequests: () => void;

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
    this.owner = options.owner ?? newLeaseOwner();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.orphans = new OrphanSweep({
      store: this.state,
      queue: this.queue,
      clock: this.clock,
      owner: this.owner,
      leaseMs: this.leaseMs,
      isOwnerGone: options.isOwnerGone ?? ownerGoneOnThisHost,
      warn: (message) => this.events.emit('log', { runId: '', level: 'warn', message }),
    });
    // A cancel asked for on another instance (relayed) or here: whichever process runs the run aborts it.
    this.offCancelRequests = this.bus.on('run.cancelRequested', ({ runId, reason }) => void this.abort(runId, new CancelledError(reason)));
  }

  /**
   * Starts executing queued runs in this process, and sweeping (every half lease) for runs nobody executes
   * any more: those whose worker died (lease ran out) or shut down (interrupted), and queued runs whose queue
   * entry was lost. The sweep is what lets several workers share one store without losing a run.
   */
  start(): this {
    if (!this.started) {
      this.started = true;
      this.queue.process((runId) => this.execute(runId));
      this.orphans.start();
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
        ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
        ...(group ? { concurrencyGroup: group } : {}),
      },
      { cancelInProgress: workflow.concurrency?.cancelInProgress ?? false },
    );
    if (!admitted.created) return { run: admitted.run, created: false };

    for (const replaced of admitted.replaced) {
      this.events.emit('run.completed', { runId: replaced, workflow: workflow.name, status: 'cancelled', error: `replaced by ${id}`, durationMs: 0 });
    }
    for (const running of admitted.toCancel) await this.requestCancel(running, `cancelled by newer run ${id} in group ${group}`);
    this.events.emit('run.queued', { runId: id, workflow: workflow.name, status: admitted.run.status });
    if (admitted.run.status === 'queued') await this.queue.enqueue(id);
    return { run: admitted.run, created: true };
  }

  /**
   * Cancels a run wherever it is: waiting (cancelled at once), running here (its steps are aborted) or running
   * in another process (asked through the store and the event relay; resolves when that process has stopped it).
   */
  async cancel(runId: string, reason = 'cancelled'): Promise<RunRecord | undefined> {
    if (this.abort(runId, new CancelledError(reason))) return this.waitFor(runId);
    const run = await this.state.getRun(runId);
    if (!run || isFinal(run.status)) return run;
    const { cancelled, promoted } = await this.state.cancelIfNotStarted(runId, reason, this.clock.now());
    if (cancelled) this.events.emit('run.completed', { runId, workflow: run.workflowName, status: 'cancelled', error: reason, durationMs: 0 });
    if (promoted) await this.enqueuePromoted(promoted);
    if (cancelled) return this.state.getRun(runId);
    await this.requestCancel(runId, reason);
    // The holder sees the request at once through the relay, or at its next renewal: within a lease.
    return this.waitAtMost(runId, this.leaseMs);
  }

  private async waitAtMost(runId: string, ms: number): Promise<RunRecord | undefined> {
    let stopTimer = () => {};
    const timedOut = new Promise<undefined>((resolve) => {
      stopTimer = this.clock.setTimer(ms, () => resolve(undefined));
    });
    const ended = await Promise.race([this.waitFor(runId), timedOut]);
    stopTimer();
    return ended ?? this.state.getRun(runId);
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
   * Puts the runs no process executes back on the queue: queued ones, interrupted ones (their process shut
   * down) and running ones whose process is gone (on this machine and dead, or its lease ran out). Their
   * finished steps are kept; the step that was in flight runs again. A run another live process holds is left
   * to it. Returns the runs queued, oldest first.
   */
  async recover(): Promise<RunRecord[]> {
    await this.orphans.release();
    const unfinished = await this.state.listRuns({ status: ['queued', 'interrupted'], limit: 10_000 });
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
    this.orphans.stop();
    this.offCancelRequests();
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
    // Fenced first, so nothing more of these runs is written here; then handed back. A run that finished
    // meanwhile is not `running` any more and stays as it ended.
    const inFlight = [...this.active.keys()];
    for (const { lease } of this.active.values()) lease.handBack('handed back at shutdown');
    return this.state.markInterrupted(inFlight, this.owner);
  }

  private async execute(runId: string): Promise<void> {
    const run = await this.state.getRun(runId);
    if (!run || isFinal(run.status) || run.status === 'pending' || run.status === 'running') return;
    const startedAt = this.clock.now();
    if (!(await this.state.markRunning(runId, startedAt, { owner: this.owner, until: startedAt + this.leaseMs }))) return;

    const controller = new AbortController();
    const lease = new RunLease({ store: this.state, clock: this.clock, owner: this.owner, leaseMs: this.leaseMs }, runId, controller).start();
    this.active.set(runId, { controller, lease });
    const cancelTimer = run.workflow.timeoutMs
      ? this.clock.setTimer(run.workflow.timeoutMs, () => controller.abort(new TimeoutError('run', run.workflow.timeoutMs!)))
      : undefined;
    // Asked for while another process ran it, before it was handed back or taken over: still wanted.
    if (run.cancelRequested !== undefined) controller.abort(new CancelledError(run.cancelRequested));
    this.events.emit('run.started', { runId, workflow: run.workflowName });

    let outcome;
    try {
      const previous = await this.state.getSteps(runId);
      outcome = await executeRun(
        {
          store: fencedStore(this.state, lease),
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
      lease.stop();
      this.active.delete(runId);
    }
    // Taken over or handed back: the run is another process's (or the next start's) to finish.
    if (lease.fenced) return;

    const finishedAt = this.clock.now();
    const { finished, promoted } = await this.state.finishRun(runId, outcome.status, {
      outputs: outcome.outputs,
      finishedAt,
      owner: this.owner,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    if (!finished) return;
    this.events.emit('run.completed', {
      runId,
      workflow: run.workflowName,
      status: outcome.status,
      durationMs: finishedAt - (run.startedAt ?? startedAt),
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    if (promoted) await this.enqueuePromoted(promoted);
  }

  /** Aborts a run running here, or records and relays the request for the process that runs it. */
  private async requestCancel(runId: string, reason: string): Promise<void> {
    if (this.abort(runId, new CancelledError(reason))) return;
    await this.state.requestCancel(runId, reason);
    this.events.emit('run.cancelRequested', { runId, reason });
  }

  private async enqueuePromoted(run: RunRecord): Promise<void> {
    this.events.emit('run.queued', { runId: run.id, workflow: run.workflowName, status: 'queued' });
    await this.queue.enqueue(run.id);
  }

  private abort(runId: string, reason: Error): boolean {
    const active = this.active.get(runId);
    if (!active) return false;
    active.controller.abort(reason);
    return true;
  }

  private concurrencyGroup(workflow: Workflow, runId: string, inputs: Record<string, unknown>, event?: TriggerEvent): string {
    const contexts = { event: event ?? null, inputs, secrets: {}, integrations: this.integrations, env: workflow.env, steps: {}, run: { id: runId, workflow: workflow.name } };
    return String(evaluateValue(compileValue(workflow.concurrency!.group), { contexts }));
  }
}

/** The store as one execution writes it: once its lease is lost, step writes are dropped (see RunLease). */
function fencedStore(store: RunStore, lease: RunLease): Pick<RunStore, 'saveStep'> {
  return { saveStep: (step) => (lease.fenced ? Promise.resolve() : store.saveStep(step)) };
}
