import type { StepLogger } from '../engine/action.js';
import { abortReason, type Clock } from '../engine/clock.js';
import { CancelledError } from '../engine/errors.js';
import { LlmCallError, toLlmCallError } from './errors.js';
import type { LlmProvider, ModelRef, ProviderRequest, ProviderResponse } from './types.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A longer `retry-after` ends the retries (the fallback model takes over) instead of waiting. */
  maxWaitMs: number;
  timeoutMs: number;
}

export interface RetryDeps {
  clock: Clock;
  random: () => number;
  signal: AbortSignal;
  log: Pick<StepLogger, 'warn'>;
  onRetry?: (info: { model: string; attempt: number; waitMs: number; error: string; status?: number }) => void;
}

/** The SDKs' backoff when the server names no wait: 0.5 s doubling to 8 s, minus up to 25% jitter. */
export function defaultBackoffMs(retry: number, random: () => number): number {
  const base = Math.min(500 * 2 ** (retry - 1), 8000);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * One model, several attempts: retries retryable failures (408/409/429/5xx, timeouts, network errors)
 * after the wait the server asks for (`retry-after-ms`, `retry-after`) or an exponential backoff. Each
 * attempt has its own timeout; the step's signal cancels everything, including a wait.
 */
export async function callWithRetries(
  provider: LlmProvider,
  ref: ModelRef,
  request: Omit<ProviderRequest, 'signal' | 'timeoutMs'>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<ProviderResponse> {
  const label = `${ref.provider}:${ref.model}`;
  for (let attempt = 1; ; attempt++) {
    let failure: LlmCallError;
    try {
      return await attemptOnce(provider, ref, request, policy.timeoutMs, deps);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      failure = error as LlmCallError;
    }
    if (!failure.retryable) throw failure;
    if (attempt > policy.maxRetries) {
      throw new LlmCallError(`${failure.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`, {
        ...fields(failure),
        retryable: true,
        cause: failure,
      });
    }
    const waitMs = failure.retryAfterMs ?? defaultBackoffMs(attempt, deps.random);
    if (waitMs > policy.maxWaitMs) {
      throw new LlmCallError(`${failure.message} (the server asks to wait ${Math.round(waitMs / 1000)}s, more than llm.retry.maxWaitMs)`, {
        ...fields(failure),
        retryable: true,
        cause: failure,
      });
    }
    deps.log.warn(`${label}: ${failure.message}; retrying in ${waitMs}ms (attempt ${attempt + 1} of ${policy.maxRetries + 1})`);
    deps.onRetry?.({ model: label, attempt, waitMs, error: failure.message, ...(failure.status ? { status: failure.status } : {}) });
    await deps.clock.sleep(waitMs, deps.signal);
  }
}

async function attemptOnce(
  provider: LlmProvider,
  ref: ModelRef,
  request: Omit<ProviderRequest, 'signal' | 'timeoutMs'>,
  timeoutMs: number,
  deps: RetryDeps,
): Promise<ProviderResponse> {
  if (deps.signal.aborted) throw new CancelledError(abortReason(deps.signal));
  const controller = new AbortController();
  const forward = () => controller.abort(deps.signal.reason);
  deps.signal.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  const cancelTimer = deps.clock.setTimer(timeoutMs, () => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs}ms`));
  });
  try {
    return await raceAbort(provider.complete({ ...request, signal: controller.signal, timeoutMs }), controller.signal);
  } catch (error) {
    if (deps.signal.aborted) throw new CancelledError(abortReason(deps.signal));
    if (timedOut) {
      throw new LlmCallError(`${ref.provider}:${ref.model} timed out after ${timeoutMs}ms`, {
        providerCode: 'timeout',
        endpoint: { ...ref, baseURL: provider.baseURL },
        retryable: true,
        cause: error,
      });
    }
    throw toLlmCallError(ref.provider, ref.model, error, deps.clock.now(), provider.baseURL);
  } finally {
    cancelTimer();
    deps.signal.removeEventListener('abort', forward);
  }
}

/** Rejects as soon as `signal` aborts, even if the transport ignores it. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function fields(error: LlmCallError): Pick<ConstructorParameters<typeof LlmCallError>[1], 'status' | 'providerCode' | 'requestId' | 'endpoint'> {
  return {
    ...(error.endpoint ? { endpoint: error.endpoint } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.providerCode ? { providerCode: error.providerCode } : {}),
    ...(error.requestId ? { requestId: error.requestId } : {}),
  };
}
