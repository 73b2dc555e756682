import type { RunRecord, RunStatus, StepRecord } from '../run-record.js';
import type { TriggerEvent } from '../trigger-event.js';
import type { Workflow } from '../workflow.js';

export interface NewRun {
  id: string;
  workflow: Workflow;
  inputs: Record<string, unknown>;
  event?: TriggerEvent;
  idempotencyKey?: string;
  concurrencyGroup?: string;
  /** Where the process that ends the run announces it (the REST API's `webhook_url`); kept with the run so any worker can. */
  callbackUrl?: string;
  createdAt: number;
}

/**
 * The right to execute one run, held by one process (`owner`, unique per process) until `until` (epoch ms) and
 * renewed while the run goes on. A run whose lease ran out belongs to nobody: a process that died, or one cut
 * off from the database, leaves it for another to take over.
 */
export interface Lease {
  owner: string;
  until: number;
}

export interface LeaseRenewal {
  /** False when the run is no longer running under this owner (taken over, handed back, or ended). */
  held: boolean;
  /** Set when someone asked to cancel the run (`requestCancel`) while another process ran it: the reason. */
  cancelRequested?: string;
}

export interface AdmitResult {
  run: RunRecord;
  /** False when a run with the same idempotency key already existed and is returned instead. */
  created: boolean;
  /** Pending runs of the same group that this run replaced (now cancelled). */
  replaced: string[];
  /** Running runs of the same group that must be cancelled (`cancel-in-progress`). */
  toCancel: string[];
}

export interface RunFilter {
  status?: RunStatus[];
  workflow?: string;
  /** Runs whose trigger event is about this repository (`owner/name`) ... */
  repo?: string;
  /** ... and this pull request or issue. */
  number?: number;
  /** The trigger kind that started the run (`event.source`); `manual` also matches runs without an event (the CLI's). */
  source?: string;
  /** Created at or after this time (epoch ms) ... */
  createdFrom?: number;
  /** ... and before this one. */
  createdBefore?: number;
  /**
   * Only runs listed after this one, for cursor pagination: the order is newest first, and runs created in
   * the same millisecond keep the order they were admitted in (newest first), so pages neither skip nor repeat
   * a run when new ones arrive meanwhile.
   */
  after?: { createdAt: number; id: string };
  /** Only `running` runs whose lease ended before this time (or that have none): the ones nobody executes any more. */
  leaseExpiredBefore?: number;
  limit?: number;
}

export interface FinishPatch {
  outputs?: Record<string, unknown>;
  error?: string;
  finishedAt: number;
  /**
   * The lease holder finishing it: the run is finished only while it is still `running` under this owner, so a
   * process whose run was taken over meanwhile cannot overwrite the outcome of the one that took it.
   */
  owner?: string;
}

/**
 * Durable run state. Every method is async so PostgreSQL can sit behind the same interface; the SQLite
 * implementation answers synchronously underneath. Group admission and promotion are single transactions,
 * and a run executes under a lease, so that several workers on several machines agree on who runs what.
 */
export interface RunStore {
  /**
   * Creates a run, unless its idempotency key belongs to a run that succeeded or is still in progress (that
   * run is returned). A failed or cancelled run gives its key up, so a redelivery after a failure retries.
   */
  admitRun(run: NewRun, options: { cancelInProgress: boolean }): Promise<AdmitResult>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /**
   * queued or interrupted → running under `lease` (the first start time is kept). Returns false when the run is
   * not runnable: cancelled or ended meanwhile, or `running` (under another process's lease, live or not:
   * an expired one is first released with `releaseExpired`).
   */
  markRunning(id: string, startedAt: number, lease: Lease): Promise<boolean>;
  /** Extends the lease of a run `lease.owner` holds; says whether it still does and whether a cancel was asked for. */
  renewLease(id: string, lease: Lease): Promise<LeaseRenewal>;
  /**
   * running → interrupted for the runs `owner` holds among `ids` (those it hands back at shutdown); returns the
   * ids it changed.
   */
  markInterrupted(ids: string[], owner: string): Promise<string[]>;
  /**
   * running → interrupted for every run whose lease ended before `now`, or has none, or whose owner is one of
   * `deadOwners` (processes known to be gone): the runs nobody executes any more, ready to be taken over.
   * One statement, so a lease renewed meanwhile is never released. Returns the ids it changed.
   */
  releaseExpired(now: number, deadOwners: readonly string[]): Promise<string[]>;
  /** Records a cancel request on a `running` run, for the process that holds it to see; false when not running. */
  requestCancel(id: string, reason: string): Promise<boolean>;
  /**
   * Records the final state and promotes the oldest pending run of the same group, if any. With `patch.owner`,
   * only while that owner holds the run (else `finished` is false and nothing changes).
   */
  finishRun(id: string, status: RunStatus, patch: FinishPatch): Promise<{ finished: boolean; promoted?: RunRecord }>;
  /** Cancels a run no process is running (not started yet, or interrupted) and promotes the next of its group; false if it runs or ended. */
  cancelIfNotStarted(id: string, reason: string, at: number): Promise<{ cancelled: boolean; promoted?: RunRecord }>;
  saveStep(step: StepRecord): Promise<void>;
  getSteps(runId: string): Promise<StepRecord[]>;
  close(): Promise<void>;
}
