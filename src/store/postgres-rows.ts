import type { RunRecord, RunStatus, StepRecord } from '../engine/run-record.js';
import type { Workflow } from '../engine/workflow.js';

/**
 * Rows as `pg` returns them, and their records. `pg` parses jsonb itself; bigint columns arrive as strings
 * (they may exceed 2^53), and the millisecond timestamps here never do, so they become numbers.
 */

export interface RunRow {
  id: string;
  workflow_name: string;
  workflow: Workflow;
  status: RunStatus;
  idempotency_key: string | null;
  concurrency_group: string | null;
  event: RunRecord['event'] | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  error: string | null;
  callback_url: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface StepRow {
  run_id: string;
  step_id: string;
  status: StepRecord['status'];
  attempt: number;
  input: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export const RUN_COLUMNS = `r.id, r.workflow_name, w.json AS workflow, r.status, r.idempotency_key, r.concurrency_group,
  r.event, r.inputs, r.outputs, r.error, r.callback_url, r.created_at, r.started_at, r.finished_at, r.lease_owner, r.lease_until`;

export function toRun(row: RunRow): RunRecord {
  const run: RunRecord = {
    id: row.id,
    workflowName: row.workflow_name,
    workflow: row.workflow,
    status: row.status,
    inputs: row.inputs,
    createdAt: Number(row.created_at),
  };
  if (row.idempotency_key) run.idempotencyKey = row.idempotency_key;
  if (row.concurrency_group) run.concurrencyGroup = row.concurrency_group;
  if (row.event) run.event = row.event;
  if (row.outputs) run.outputs = row.outputs;
  if (row.error) run.error = row.error;
  if (row.callback_url) run.callbackUrl = row.callback_url;
  if (row.started_at !== null) run.startedAt = Number(row.started_at);
  if (row.finished_at !== null) run.finishedAt = Number(row.finished_at);
  if (row.lease_owner !== null) run.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) run.leaseUntil = Number(row.lease_until);
  return run;
}

export function toStep(row: StepRow): StepRecord {
  const step: StepRecord = {
    runId: row.run_id,
    stepId: row.step_id,
    status: row.status,
    attempt: row.attempt,
    startedAt: Number(row.started_at),
  };
  if (row.input) step.input = row.input;
  if (row.outputs) step.outputs = row.outputs;
  if (row.error) step.error = row.error;
  if (row.finished_at !== null) step.finishedAt = Number(row.finished_at);
  return step;
}

/**
 * jsonb parameters go as JSON text (`pg` would turn a top-level array into a PostgreSQL array). PostgreSQL
 * stores no NUL character in jsonb or text, and step outputs may carry one (binary content in a diff): it
 * becomes U+FFFD rather than failing the step. The scan runs only when a NUL is there.
 */
export function json(value: unknown): string | null {
  if (value === undefined) return null;
  const encoded = JSON.stringify(value);
  return encoded.includes('\\u0000') ? JSON.stringify(value, withoutNul) : encoded;
}

/** Text for a TEXT column, without NUL characters (see `json`). */
export function text(value: string | undefined): string | null {
  return value === undefined ? null : value.replaceAll('\0', '\uFFFD');
}

function withoutNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\0', '\uFFFD');
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((key) => key.includes('\0'))) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key.replaceAll('\0', '\uFFFD'), field]));
  }
  return value;
}
