import { backoffDelay } from '../../engine/backoff.js';
import type { Clock } from '../../engine/clock.js';
import type { AllowList } from '../../net/allow-list.js';
import type { Resolver } from '../../net/check-target.js';
import { OutboundRefused } from '../../net/outbound-errors.js';
import { retryAfterMs } from '../../net/retry-after.js';
import { safeFetch } from '../../net/safe-fetch.js';
import { newWebhookId, webhookHeaders } from './sign.js';

/**
 * Delivers one job callback: a signed JSON POST, retried with exponential backoff and jitter on network errors,
 * 408, 429 (after its `Retry-After`) and 5xx, under one `webhook-id` so the receiver can drop repeats. A URL the
 * address policy refuses is never tried, and a redirect or another 4xx ends delivery: trying again cannot help.
 */

export interface CallbackAttempt {
  attempt: number;
  /** ISO time the attempt started. */
  at: string;
  status?: number;
  error?: string;
  durationMs: number;
}

export type CallbackOutcome =
  | { delivered: true; webhookId: string; attempts: number; status: number }
  | { delivered: false; webhookId: string; attempts: number; reason: 'refused' | 'rejected' | 'exhausted'; error: string };

export interface DeliverCallbackOptions {
  url: string;
  payload: unknown;
  secret: string;
  allow: AllowList;
  maxAttempts: number;
  clock: Clock;
  recordAttempt?: (attempt: CallbackAttempt) => void | Promise<void>;
  /** Defaults to a new `msg_…` id; pass a stable one (from the job) to keep it across process restarts. */
  webhookId?: string;
  timeoutMs?: number;
  /** First retry delay; doubles per attempt up to `maxDelayMs`. */
  delayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  signal?: AbortSignal;
  resolve?: Resolver;
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

export async function deliverCallback(options: DeliverCallbackOptions): Promise<CallbackOutcome> {
  const { clock, maxAttempts } = options;
  const webhookId = options.webhookId ?? newWebhookId();
  const body = JSON.stringify(options.payload);
  const spec = { attempts: maxAttempts, backoff: 'exponential' as const, delayMs: options.delayMs ?? 5000, maxDelayMs: options.maxDelayMs ?? 600_000, jitter: true };
  let error = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const started = clock.now();
    // Signed per attempt: receivers refuse stale timestamps, and a retry may come minutes after the first try.
    const headers = { 'content-type': 'application/json', ...webhookHeaders({ id: webhookId, timestampSeconds: Math.floor(started / 1000), body, secret: options.secret }) };
    let wait: number | undefined;
    try {
      const response = await safeFetch(options.url, { method: 'POST', headers, body }, {
        allow: options.allow,
        timeoutMs: options.timeoutMs ?? 15_000,
        maxResponseBytes: 64 * 1024,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.resolve ? { resolve: options.resolve } : {}),
      });
      const { status } = response;
      await options.recordAttempt?.({ attempt, at: new Date(started).toISOString(), status, durationMs: clock.now() - started });
      if (status >= 200 && status < 300) return { delivered: true, webhookId, attempts: attempt, status };
      error = status >= 300 && status < 400 ? `answered ${status} (a redirect, not followed)` : `answered ${status}`;
      if (!RETRYABLE_STATUS(status)) return { delivered: false, webhookId, attempts: attempt, reason: 'rejected', error };
      wait = retryAfterMs(response.headers['retry-after'], clock.now());
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      await options.recordAttempt?.({ attempt, at: new Date(started).toISOString(), error, durationMs: clock.now() - started });
      if (caught instanceof OutboundRefused) return { delivered: false, webhookId, attempts: attempt, reason: 'refused', error };
    }
    if (attempt < maxAttempts) await clock.sleep(Math.min(Math.max(wait ?? 0, backoffDelay(spec, attempt, options.random)), spec.maxDelayMs), options.signal);
  }
  return { delivered: false, webhookId, attempts: maxAttempts, reason: 'exhausted', error };
}
