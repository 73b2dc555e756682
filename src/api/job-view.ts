import type { RunRecord, StepRecord } from '../engine/run-record.js';
import type { Job, JobStep, JobSummary, Usage } from './schemas.js';

/** How the API shows a stored run: pure functions from the run and step records to the documented shapes. */

export function jobSummary(run: RunRecord): JobSummary {
  return {
    job_id: run.id,
    workflow: run.workflowName,
    status: run.status,
    // A run without a trigger event was started by hand (the CLI).
    source: run.event?.source ?? 'manual',
    ...(run.event?.repo ? { repo: run.event.repo } : {}),
    ...(run.event?.number !== undefined ? { number: run.event.number } : {}),
    ...(run.error ? { error: run.error } : {}),
    createdAt: iso(run.createdAt),
    ...(run.startedAt !== undefined ? { startedAt: iso(run.startedAt) } : {}),
    ...(run.finishedAt !== undefined ? { finishedAt: iso(run.finishedAt) } : {}),
  };
}

export function jobView(run: RunRecord, steps: readonly StepRecord[]): Job {
  const { usage, cost } = usageOf(steps);
  return { ...jobSummary(run), outputs: run.outputs ?? {}, steps: steps.map(stepView), usage, cost };
}

function stepView(step: StepRecord): JobStep {
  return {
    id: step.stepId,
    status: step.status,
    attempt: step.attempt,
    ...(step.outputs ? { outputs: step.outputs } : {}),
    ...(step.error ? { error: step.error } : {}),
    startedAt: iso(step.startedAt),
    ...(step.finishedAt !== undefined ? { finishedAt: iso(step.finishedAt) } : {}),
  };
}

/**
 * The `llm.*` actions return their calls' usage as `outputs.usage` (`usageOutput` in `actions/llm/common.ts`);
 * the job's is the sum over its steps. Anything else under that name is not a model's usage and is skipped.
 */
export function usageOf(steps: readonly StepRecord[]): { usage: Usage; cost: number } {
  const usage: Usage = { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, models: [] };
  let cost = 0;
  const models = new Set<string>();
  for (const step of steps) {
    const reported = step.outputs?.usage;
    if (!isUsage(reported)) continue;
    usage.calls += reported.calls;
    usage.cachedCalls += reported.cachedCalls;
    usage.inputTokens += reported.inputTokens;
    usage.outputTokens += reported.outputTokens;
    cost += reported.costUsd;
    for (const model of reported.models) models.add(String(model));
  }
  usage.models = [...models];
  // Sums of binary fractions: rounded to a millionth of a dollar, below any provider's price step.
  return { usage, cost: Math.round(cost * 1e6) / 1e6 };
}

interface ReportedUsage {
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  models: unknown[];
}

function isUsage(value: unknown): value is ReportedUsage {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const numbers = ['calls', 'cachedCalls', 'inputTokens', 'outputTokens', 'costUsd'].every((key) => typeof record[key] === 'number' && Number.isFinite(record[key]));
  return numbers && Array.isArray(record.models);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
