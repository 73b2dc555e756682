import { z } from 'zod';
import { findingSchema, type Finding } from '../../analysis/finding.js';
import { analysisSummarySchema, withCounts, type AnalysisSummary } from '../../analysis/summary.js';
import { llmStatusOutput, usageOutput } from '../../actions/llm/common.js';
import type { StepRecord } from '../../engine/run-record.js';
import type { Workflow } from '../../engine/workflow.js';
import { parseDiff } from '../../diff/parse-diff.js';
import { roundUsd } from '../../llm/ledger.js';
import { CliError } from '../cli-error.js';

const FINDING_SHAPE = 'a list of { rule, severity: error|warning|info, file, line?, message }';

/** Refused before anything runs: `review` gates on `outputs.findings`, and a workflow without it would pass. */
export function requireFindingsOutput(workflow: Workflow): void {
  if (workflow.outputs && 'findings' in workflow.outputs) return;
  throw new CliError(
    `workflow ${workflow.name} has no 'findings' output, so review cannot gate on it: add to its outputs ` +
      `'findings: \${{ steps.<id>.outputs.findings }}' (${FINDING_SHAPE}), or run it with 'agentic-sdlc run ${workflow.name}'`,
  );
}

/** The run's `findings` output, checked: a missing or malformed list is an error, never "no findings". */
export function findingsOf(workflow: string, value: unknown): Finding[] {
  const parsed = z.array(findingSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at findings.${issue.path.join('.')}` : '';
  throw new CliError(`workflow ${workflow}: output 'findings' is not ${FINDING_SHAPE}${where}: ${issue?.message ?? 'invalid'} (got ${value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 80)})`);
}

/** Counts from `findings` (the one list the gate reads); the diff's size from the run, or from the diff itself. */
export function summaryOf(value: unknown, findings: readonly Finding[], diff: string): AnalysisSummary {
  const given = analysisSummarySchema.safeParse(value);
  if (given.success) return withCounts(given.data, findings);
  const files = parseDiff(diff);
  const size = { files: files.length, additions: 0, deletions: 0, skippedFiles: [] };
  for (const file of files) {
    size.additions += file.additions;
    size.deletions += file.deletions;
  }
  return withCounts(size, findings);
}

export interface ReviewUsage {
  calls: number;
  cachedCalls: number;
  tokens: { prompt: number; completion: number; total: number };
  costUsd: number;
  models: string[];
}

/** Model usage summed over every step that reports it (`usage` in its outputs); zero offline. */
export function usageOf(steps: readonly StepRecord[]): ReviewUsage {
  const total: ReviewUsage = { calls: 0, cachedCalls: 0, tokens: { prompt: 0, completion: 0, total: 0 }, costUsd: 0, models: [] };
  for (const step of steps) {
    const usage = usageOutput.safeParse(step.outputs?.usage);
    if (!usage.success) continue;
    total.calls += usage.data.calls;
    total.cachedCalls += usage.data.cachedCalls;
    total.tokens.prompt += usage.data.inputTokens;
    total.tokens.completion += usage.data.outputTokens;
    total.costUsd = roundUsd(total.costUsd + usage.data.costUsd);
    for (const model of usage.data.models) if (!total.models.includes(model)) total.models.push(model);
  }
  total.tokens.total = total.tokens.prompt + total.tokens.completion;
  return total;
}

export type AiStatus = z.infer<typeof llmStatusOutput>;

/** Whether the AI steps answered: the first failure, else the first that was used, else why none was. */
export function aiStatusOf(workflow: string, steps: readonly StepRecord[]): AiStatus {
  const statuses = steps.flatMap((step) => {
    const status = llmStatusOutput.safeParse(step.outputs?.llm);
    return status.success ? [status.data] : [];
  });
  return (
    statuses.find((status) => status.error) ??
    statuses.find((status) => status.used) ??
    statuses[0] ?? { used: false, reason: `workflow ${workflow} has no AI step` }
  );
}
