import { StepError } from '../engine/errors.js';

export const BUDGET_EXCEEDED = 'llm_budget_exceeded';

/**
 * The step errors of a budget that a call or a plan could exceed: what could cost how much, what was already
 * spent (or reserved by calls in flight), and which setting raises the limit.
 */
export function runBudgetError(runId: string, what: string, worstUsd: number, committedUsd: number, limitUsd: number): StepError {
  return new StepError(
    `LLM budget exceeded for run ${runId}: ${what} could cost up to ${usd(worstUsd)} and the run has spent ${usd(committedUsd)} of its ${usd(limitUsd)} limit. ` +
      'Raise it with the step input budget.maxCostUsd or llm.budget.perRunUsd (AGENTIC_SDLC_LLM_RUN_BUDGET_USD), or review a smaller diff.',
    { code: BUDGET_EXCEEDED },
  );
}

export function repoBudgetError(repo: string, what: string, worstUsd: number, committedUsd: number, monthlyUsd: number): StepError {
  return new StepError(
    `LLM budget exceeded for ${repo}: ${what} could cost up to ${usd(worstUsd)} and the repository has spent ${usd(committedUsd)} of its ${usd(monthlyUsd)} monthly limit. ` +
      'Raise llm.budget.perRepoMonthlyUsd (AGENTIC_SDLC_LLM_REPO_MONTHLY_BUDGET_USD) or wait for next month.',
    { code: BUDGET_EXCEEDED },
  );
}

export function usd(value: number): string {
  return `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
}
