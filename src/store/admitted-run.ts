import type { RunRecord, RunStatus } from '../engine/run-record.js';
import type { NewRun } from '../engine/ports/run-store.js';

/** The record every store returns for a run it has just admitted: what was asked for, with the status it got. */
export function admittedRun(run: NewRun, status: RunStatus): RunRecord {
  return {
    id: run.id,
    workflowName: run.workflow.name,
    workflow: run.workflow,
    status,
    inputs: run.inputs,
    createdAt: run.createdAt,
    ...(run.idempotencyKey ? { idempotencyKey: run.idempotencyKey } : {}),
    ...(run.concurrencyGroup ? { concurrencyGroup: run.concurrencyGroup } : {}),
    ...(run.event ? { event: run.event } : {}),
    ...(run.callbackUrl ? { callbackUrl: run.callbackUrl } : {}),
  };
}
