import type { TriggerEvent } from './trigger-event.js';
import type { Workflow } from './workflow.js';

/**
 * `pending`: waiting for its concurrency group; `queued`: handed to the queue; `running`; `interrupted`: was
 * running when its process shut down and no process runs it now (the next start, or `runs resume`, goes on
 * from its finished steps); then one of the final states.
 */
export type RunStatus = 'pending' | 'queued' | 'running' | 'interrupted' | 'success' | 'failure' | 'cancelled';
export type StepStatus = 'running' | 'success' | 'failure' | 'skipped' | 'cancelled';

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['success', 'failure', 'cancelled'];

export function isFinal(status: RunStatus): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

export interface RunRecord {
  id: string;
  workflowName: string;
  /** The workflow as it was when the run was submitted. */
  workflow: Workflow;
  status: RunStatus;
  idempotencyKey?: string;
  concurrencyGroup?: string;
  event?: TriggerEvent;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
  /** Where the run's end is announced (see NewRun.callbackUrl). */
  callbackUrl?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** The process executing (or last executing) the run, and until when its lease holds (see Lease). */
  leaseOwner?: string;
  leaseUntil?: number;
  /** A cancel asked for while another process ran it (RunStore.requestCancel): honoured when it resumes, too. */
  cancelRequested?: string;
}

export interface StepRecord {
  runId: string;
  stepId: string;
  status: StepStatus;
  attempt: number;
  /** The step's resolved `with`, with secrets masked. */
  input?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
  startedAt: number;
  finishedAt?: number;
}
