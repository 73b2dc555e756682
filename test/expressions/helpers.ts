import { evaluate, type EvalContext, ExpressionError, parseExpression } from '../../src/engine/expressions/index.js';

export function run(source: string, contexts: Record<string, unknown> = {}, status?: EvalContext['status']): unknown {
  return evaluate(parseExpression(source), { contexts, status });
}

/** The ExpressionError `fn` throws; fails the test if it throws anything else or nothing. */
export function expressionError(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError, but nothing was thrown');
}
