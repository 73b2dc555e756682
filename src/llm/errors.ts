import { StepError } from '../engine/errors.js';
import { parseRetryAfter, readHeader, type HeaderLookup } from './retry-after.js';

/** Codes of provider errors that no amount of retrying fixes even though the status says "try later". */
const PERMANENT_CODES = new Set(['insufficient_quota', 'billing_hard_limit_reached', 'account_deactivated']);

/** Which server a call went to: a failure report names the provider, model and base URL. */
export interface LlmEndpoint {
  provider: string;
  model: string;
  baseURL: string;
}

/** A failed provider call, reduced to what the retry loop and the user need. */
export class LlmCallError extends StepError {
  readonly status: number | undefined;
  /** Vendor error code or type: `rate_limit_exceeded`, `insufficient_quota`, `overloaded_error`, ... */
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly endpoint: LlmEndpoint | undefined;

  constructor(
    message: string,
    options: { status?: number; providerCode?: string; retryAfterMs?: number; requestId?: string; endpoint?: LlmEndpoint; retryable: boolean; cause?: unknown },
  ) {
    super(message, { retryable: options.retryable, code: options.providerCode ?? (options.status ? `http_${options.status}` : 'llm_error'), cause: options.cause });
    this.name = 'LlmCallError';
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.endpoint = options.endpoint;
  }
}

/** What a provider SDK error looks like (both Stainless SDKs share it). */
interface ApiErrorLike {
  status?: number;
  headers?: HeaderLookup;
  error?: unknown;
  code?: string | null;
  type?: string | null;
  message?: string;
  requestID?: string | null;
  name?: string;
}

/**
 * Retry on 408, 409, 429 and 5xx (529 is Anthropic's "overloaded") and on network failures; never on
 * `insufficient_quota` or other 4xx input errors. `x-should-retry` from the server wins, as in the SDKs.
 */
export function isRetryableStatus(status: number | undefined, code: string | undefined, shouldRetryHeader?: string): boolean {
  if (code && PERMANENT_CODES.has(code)) return false;
  if (shouldRetryHeader === 'true') return true;
  if (shouldRetryHeader === 'false') return false;
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Converts whatever an SDK threw into an LlmCallError (the caller has already handled cancellation). */
export function toLlmCallError(provider: string, model: string, error: unknown, now: number, baseURL?: string): LlmCallError {
  if (error instanceof LlmCallError) return error;
  const e = (error ?? {}) as ApiErrorLike;
  const body = (e.error ?? {}) as { error?: { type?: string; code?: string; message?: string }; type?: string; code?: string; message?: string };
  const inner = body.error ?? body;
  const code = e.code ?? inner.code ?? (e.type || undefined) ?? inner.type ?? undefined;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const retryAfterMs = parseRetryAfter(e.headers, now);
  const requestId = e.requestID ?? readHeader(e.headers, 'request-id') ?? readHeader(e.headers, 'x-request-id') ?? undefined;
  const retryable = isRetryableStatus(status, code ?? undefined, readHeader(e.headers, 'x-should-retry'));
  const detail = inner.message ?? e.message ?? String(error);
  const what = status ? `HTTP ${status}${code ? ` ${code}` : ''}` : e.name === 'APIConnectionTimeoutError' ? 'timeout' : 'connection error';
  return new LlmCallError(`${provider}:${model} failed (${what}): ${truncate(detail, 300)}`, {
    ...(status !== undefined ? { status } : {}),
    ...(code ? { providerCode: code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId ? { requestId } : {}),
    ...(baseURL ? { endpoint: { provider, model, baseURL } } : {}),
    retryable,
    cause: error,
  });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
