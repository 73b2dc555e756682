import { z } from 'zod';
import { defineAction } from '../../engine/action.js';
import { parseDuration } from '../../engine/duration.js';
import { nonRetryable, StepError } from '../../engine/errors.js';
import type { AllowList } from '../../net/allow-list.js';
import type { Resolver } from '../../net/check-target.js';
import { OutboundRefused } from '../../net/outbound-errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, safeFetch } from '../../net/safe-fetch.js';
import { buildRequest, describeExpected, httpRequestInput, readBody, statusExpected } from './exchange.js';

/**
 * `http.request`: calls any HTTP system a workflow names, through the same address policy as job callbacks.
 * Every attempt of a step carries the same `Idempotency-Key` (run id and step id), so a receiver can drop the
 * repeat a retry or a worker crash causes.
 */

export interface HttpRequestOptions {
  allow: AllowList;
  resolve?: Resolver;
  maxResponseBytes?: number;
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

export function httpRequestAction(options: HttpRequestOptions) {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return defineAction({
    name: 'http.request',
    description: 'Sends an HTTP request (JSON body for an object) to a public host or one allowed by api.callbacks.allowHosts.',
    input: httpRequestInput,
    output: z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
    async run(ctx, input, { signal }) {
      const timeoutMs = input.timeout === undefined ? undefined : parseDuration(input.timeout);
      if (timeoutMs === undefined && input.timeout !== undefined) throw nonRetryable(`http.request: timeout "${input.timeout}" is not a duration; write e.g. 30s or 500ms`);
      const request = buildRequest(input, `${ctx.runId}:${ctx.stepId}`);
      const target = originOf(input.url);
      let response;
      try {
        response = await safeFetch(input.url, request, { allow: options.allow, signal, maxResponseBytes: maxBytes, ...(timeoutMs ? { timeoutMs } : {}), ...(options.resolve ? { resolve: options.resolve } : {}) });
      } catch (error) {
        if (error instanceof OutboundRefused) throw nonRetryable(`http.request: ${error.message}`, 'refused');
        throw new StepError(`http.request: ${request.method} ${target} failed: ${(error as Error).message}`, { retryable: true, cause: error });
      }
      const { status } = response;
      if (!statusExpected(status, input['expect-status'])) {
        const message = `http.request: ${request.method} ${target} answered ${status}, expected ${describeExpected(input['expect-status'])}`;
        const hint = status >= 300 && status < 400 ? ' (redirects are not followed; request the final URL)' : ' (list it in expect-status to accept it)';
        throw new StepError(message + (RETRYABLE_STATUS(status) ? '' : hint), { retryable: RETRYABLE_STATUS(status), code: `http-${status}` });
      }
      if (response.truncated) throw nonRetryable(`http.request: the response of ${target} is larger than ${maxBytes} bytes`);
      return { status, headers: response.headers, body: readBody(response.body, response.headers['content-type']) };
    },
  });
}

/** Scheme, host and port only: a URL's path or query may carry a token (a Slack webhook's does). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the URL';
  }
}
