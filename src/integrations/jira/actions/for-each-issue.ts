import { StepError } from '../../../engine/errors.js';

/**
 * Runs `act` on each issue in turn. When one fails, the step's error names it and the issues already done;
 * a retry is allowed only when repeating the done ones is harmless (`idempotent`) or none was done yet, so a
 * retried `jira.comment` never posts the same comment twice.
 */
export async function forEachIssue<T>(keys: readonly string[], idempotent: boolean, act: (key: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const key of keys) {
    try {
      results.push(await act(key));
    } catch (error) {
      if (results.length === 0) throw error;
      const retryable = error instanceof StepError ? error.retryable : false;
      const done = keys.slice(0, results.length).join(', ');
      const message = `${error instanceof Error ? error.message : String(error)} (already done: ${done})`;
      throw new StepError(message, { retryable: retryable && idempotent, code: error instanceof StepError ? error.code : undefined });
    }
  }
  return results;
}
