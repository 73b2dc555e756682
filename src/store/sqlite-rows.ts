import type { RunRecord, RunStatus, StepRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow.js';

/** Rows as better-sqlite3 returns them from the SQLite store's tables, and the records they stand for. */

export interface RunRow {
  id: string;
  workflow_name: string;
  workflow_json: string;
  status: RunStatus;
  idempotency_key: string | null;
  concurrency_group: string | null;
  event_json: string | null;
  inputs_json: string;
  outputs_json: string | null;
  error: string | null;
  callback_url: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

export interface StepRow {
  run_id: string;
  step_id: string;
  status: StepRecord['status'];
  attempt: number;
  input_json: string | null;
  outputs_json: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

/** A run's columns, with its workflow version (`r` is runs, `w` the joined workflow_versions). */
export const RUN_COLUMNS = `r.id, r.workflow_name, w.json AS workflow_json, r.status, r.idempotency_key, r.concurrency_group,
  r.event_json, r.inputs_json, r.outputs_json, r.error, r.callback_url, r.created_at, r.started_at, r.finished_at,
  r.lease_owner, r.lease_until`;

export function toRun(row: RunRow): RunRecord {
  const run: RunRecord = {
    id: row.id,
    workflowName: row.workflow_name,
    workflow: JSON.parse(row.workflow_json) as Workflow,
    status: row.status,
    inputs: JSON.parse(row.inputs_json) as Record<string, unknown>,
    createdAt: row.created_at,
  };
  if (row.idempotency_key) run.idempotencyKey = row.idempotency_key;
  if (row.concurrency_group) run.concurrencyGroup = row.concurrency_group;
  if (row.event_json) run.event = JSON.parse(row.event_json) as RunRecord['event'];
  if (row.outputs_json) run.outputs = JSON.parse(row.outputs_json) as Record<string, unknown>;
  if (row.error) run.error = row.error;
  if (row.callback_url) run.callbackUrl = row.callback_url;
  if (row.started_at !== null) run.startedAt = row.started_at;
  if (row.finished_at !== null) run.finishedAt = row.finished_at;
  if (row.lease_owner !== null) run.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) run.leaseUntil = row.lease_until;
  return run;
}

export function toStep(row: StepRow): StepRecord {
  const step: StepRecord = {
    runId: row.run_id,
    stepId: row.step_id,
    status: row.status,
    attempt: row.attempt,
    startedAt: row.started_at,
  };
  if (row.input_json) step.input = JSON.parse(row.input_json) as Record<string, unknown>;
  if (row.outputs_json) step.outputs = JSON.parse(row.outputs_json) as Record<string, unknown>;
  if (row.error) step.error = row.error;
  if (row.finished_at !== null) step.finishedAt = row.finished_at;
  return step;
}
