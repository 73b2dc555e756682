import { CancelledError, StepError } from '../engine/errors.js';
import { LlmCallError } from './errors.js';

/** Why a model gave no answer, for the report, the step's outputs and the CLI's stderr. */
export interface LlmFailure {
  message: string;
  /** The step error code: `http_503`, `llm_budget_exceeded`, `llm_failed` (every model), ... */
  code?: string;
  provider?: string;
  model?: string;
  baseURL?: string;
  status?: number;
}

/**
 * The failure an agent may survive by keeping its offline result: any error the bridge raises about a model
 * (unreachable, HTTP error after retries, every fallback failed, budget, invalid output). Cancellation is not
 * one, nor is a bug (a plain Error): those still fail the step.
 */
export function llmFailureOf(error: unknown, signal: AbortSignal): LlmFailure | undefined {
  if (signal.aborted || error instanceof CancelledError || !(error instanceof StepError)) return undefined;
  const call = callErrorIn(error);
  const endpoint = call?.endpoint;
  return {
    message: error.message,
    ...(error.code ? { code: error.code } : {}),
    ...(endpoint ? { provider: endpoint.provider, model: endpoint.model, baseURL: endpoint.baseURL } : {}),
    ...(call?.status !== undefined ? { status: call.status } : {}),
  };
}

/** One line: what failed, where (provider at base URL) and how (the provider's status and message). */
export function describeLlmFailure(what: string, failure: LlmFailure): string {
  const where = failure.provider && failure.baseURL ? ` (${failure.provider} at ${failure.baseURL})` : '';
  return `${what} failed${where}: ${failure.message}`;
}

/** The provider error itself, or the last one behind "every model failed". */
function callErrorIn(error: Error): LlmCallError | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof LlmCallError) return current;
  }
  return undefined;
}
