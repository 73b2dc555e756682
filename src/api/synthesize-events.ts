import type { RunRecord, StepRecord } from '../engine/run-record.js';
import { isFinal } from '../engine/run-record.js';
import type { JobEvent } from './job-service.js';
import type { Job } from './schemas.js';

/**
 * A job's events rebuilt from its stored run and steps, for a stream whose job is no longer in the
 * in-memory log (forgotten, or run before this process started): numbered 1.. in the order they happened.
 * Retries, action events and logs are not stored, so they are not in it; `run.completed` carries the job.
 */
export function synthesizeEvents(run: RunRecord, steps: readonly StepRecord[], job: Job): JobEvent[] {
  const data: { type: JobEvent['type']; data: unknown }[] = [];
  if (run.startedAt !== undefined) data.push({ type: 'run.started', data: { runId: run.id, workflow: run.workflowName } });
  const names = new Map(run.workflow.steps.map((step) => [step.id, step.name ?? step.id]));
  for (const step of [...steps].sort((a, b) => a.startedAt - b.startedAt)) {
    const base = { runId: run.id, stepId: step.stepId, name: names.get(step.stepId) ?? step.stepId, attempt: step.attempt };
    if (step.status !== 'skipped') data.push({ type: 'step.started', data: base });
    if (step.status === 'running') continue;
    const durationMs = (step.finishedAt ?? step.startedAt) - step.startedAt;
    if (step.status === 'failure') data.push({ type: 'step.failed', data: { ...base, error: step.error ?? 'failed', willRetry: false, durationMs } });
    else data.push({ type: 'step.completed', data: { ...base, status: step.status, durationMs } });
  }
  if (isFinal(run.status)) data.push({ type: 'run.completed', data: job });
  return data.map((event, i) => ({ seq: i + 1, ...event }));
}

/**
 * The synthesized events a stream resuming after `afterSeq` gets. The numbering of rebuilt events need not be
 * the one the client saw live, so the completion is always delivered (renumbered past `afterSeq` if need be):
 * a client that reconnects after the end still learns how the job ended, once.
 */
export function resumeFrom(events: readonly JobEvent[], afterSeq: number): JobEvent[] {
  const after = events.filter((event) => event.seq > afterSeq);
  const completion = events.at(-1);
  if (completion?.type === 'run.completed' && completion.seq <= afterSeq) after.push({ ...completion, seq: afterSeq + 1 });
  return after;
}
