import { describe, expect, it } from 'vitest';
import { aiStatusOf, summaryOf, usageOf } from '../../src/cli/commands/review-result.js';
import type { StepRecord } from '../../src/engine/run-record.js';
import { cleanDiff } from './review-helpers.js';

const step = (stepId: string, outputs: Record<string, unknown>): StepRecord => ({ runId: 'run_1', stepId, status: 'success', attempt: 1, outputs, startedAt: 0, finishedAt: 1 });
const usage = (calls: number, inputTokens: number, outputTokens: number, costUsd: number, models: string[]) => ({ calls, cachedCalls: 0, inputTokens, outputTokens, costUsd, models });

describe('review results', () => {
  it('sums model usage over every step that reports it, ignoring steps without usage', () => {
    const steps = [
      step('analyze', { findings: [] }),
      step('describe', { usage: usage(1, 900, 100, 0.0005, ['openai:gpt-4.1-mini']) }),
      step('ai', { usage: usage(2, 3000, 200, 0.0015, ['openai:gpt-4.1-mini', 'anthropic:claude-sonnet-4-6']) }),
    ];
    expect(usageOf(steps)).toEqual({
      calls: 3,
      cachedCalls: 0,
      tokens: { prompt: 3900, completion: 300, total: 4200 },
      costUsd: 0.002,
      models: ['openai:gpt-4.1-mini', 'anthropic:claude-sonnet-4-6'],
    });
  });

  it('reports a failed AI step before one that answered, and says so when a workflow has no AI step', () => {
    const failed = { used: false, reason: 'AI review failed', error: { message: 'HTTP 503' } };
    expect(aiStatusOf('w', [step('a', { llm: { used: true, model: 'openai:gpt-4.1-mini' } }), step('b', { llm: failed })])).toEqual(failed);
    expect(aiStatusOf('w', [step('analyze', {})])).toEqual({ used: false, reason: 'workflow w has no AI step' });
  });

  it('counts the summary from the findings, taking the diff size from the diff when the workflow gives no summary', () => {
    const findings = [
      { rule: 'a', severity: 'error' as const, message: 'm', file: 'src/sum.ts' },
      { rule: 'b', severity: 'info' as const, message: 'm', file: '' },
    ];
    expect(summaryOf(undefined, findings, cleanDiff())).toEqual({ files: 1, additions: 3, deletions: 0, errors: 1, warnings: 0, infos: 1, skippedFiles: [] });
    const stale = { files: 9, additions: 90, deletions: 9, errors: 0, warnings: 5, infos: 0, skippedFiles: [] };
    expect(summaryOf(stale, findings, cleanDiff())).toEqual({ ...stale, errors: 1, warnings: 0, infos: 1 });
  });
});
