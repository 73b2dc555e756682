import type { RetrySpec } from './workflow.js';

export const DEFAULT_RETRY: RetrySpec = { attempts: 1, backoff: 'exponential', delayMs: 1000, maxDelayMs: 30_000, jitter: true };

/**
 * Delay before attempt `attempt + 1` after `attempt` failed. Jitter keeps half the delay and randomizes the
 * other half, so retries of many runs that failed together (a GitHub outage) do not return in lockstep.
 */
export function backoffDelay(spec: RetrySpec, attempt: number, random: () => number = Math.random): number {
  const base = spec.backoff === 'fixed' ? spec.delayMs : spec.delayMs * 2 ** (attempt - 1);
  const capped = Math.min(base, spec.maxDelayMs);
  return spec.jitter ? Math.round(capped / 2 + random() * (capped / 2)) : capped;
}
