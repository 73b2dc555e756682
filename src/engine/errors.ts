/** Errors the engine and actions share. `retryable` decides whether a step's retry policy applies. */
export class StepError extends Error {
  readonly retryable: boolean;
  readonly code: string | undefined;

  constructor(message: string, options: { retryable?: boolean; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StepError';
    this.retryable = options.retryable ?? false;
    this.code = options.code;
  }
}

/** An error that will not go away by trying again: bad input, missing permission, unknown resource. */
export function nonRetryable(message: string, code?: string): StepError {
  return new StepError(message, { retryable: false, code });
}

export class TimeoutError extends StepError {
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${formatMs(ms)}`, { retryable: true, code: 'timeout' });
    this.name = 'TimeoutError';
  }
}

export class CancelledError extends Error {
  constructor(reason = 'cancelled') {
    super(reason);
    this.name = 'CancelledError';
  }
}

/** Whether a failed attempt may be retried. Unknown errors (network resets, 5xx) are presumed transient. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof CancelledError) return false;
  if (error instanceof StepError) return error.retryable;
  if (error instanceof Error && error.name === 'ZodError') return false;
  return true;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
