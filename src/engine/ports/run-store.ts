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
  createdAt: number;
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
  limit?: number;
}

export interface FinishPatch {
  outputs?: Record<string, unknown>;
  error?: string;
  finishedAt: number;
}

/**
 * Durable run state. Every method is async so PostgreSQL can sit behind the same interface; the SQLite
 * implementation answers synchronously underneath. Group admission and promotion are single transactions
 * so that several workers (later, several instances) agree on who runs.
 */
export interface RunStore {
  /**
   * Creates a run, unless its idempotency key belongs to a run that succeeded or is still in progress (that
   * run is returned). A failed or cancelled run gives its key up, so a redelivery after a failure retries.
   */
  admitRun(run: NewRun, options: { cancelInProgress: boolean }): Promise<AdmitResult>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /** queued or interrupted → running. Returns false when the run is no longer runnable (cancelled meanwhile). */
  markRunning(id: string, startedAt: number): Promise<boolean>;
  /** running → interrupted, for runs this process hands back at shutdown; returns the ids it changed. */
  markInterrupted(ids: string[]): Promise<string[]>;
  /** Records the final state and promotes the oldest pending run of the same group, if any. */
  finishRun(id: string, status: RunStatus, patch: FinishPatch): Promise<{ promoted?: RunRecord }>;
  /** Cancels a run no process is running (not started yet, or interrupted) and promotes the next of its group; false if it runs or ended. */
  cancelIfNotStarted(id: string, reason: string, at: number): Promise<{ cancelled: boolean; promoted?: RunRecord }>;
  /**
   * For stores several processes can share (PostgreSQL): claims the right to execute runs, held until released
   * or the process dies; undefined while another process holds it. Until runs carry leases, a second worker
   * would resume the runs the first is executing, so one worker per database is what is safe. Stores only one
   * process opens (SQLite) do not implement it.
   */
  claimWorker?(): Promise<{ release(): Promise<void> } | undefined>;
  saveStep(step: StepRecord): Promise<void>;
  getSteps(runId: string): Promise<StepRecord[]>;
  close(): Promise<void>;
}
