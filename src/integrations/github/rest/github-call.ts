import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { Octokit } from './clients.js';

/**
 * Says which GitHub call a failure belongs to: an Octokit plugin that logs every retry of a call at `warn`
 * (method, route, attempt, status or network code) and remembers, for the error a call finally fails with,
 * the call and how many attempts it made, so the step's error can name it (`githubError`).
 */

export interface GithubCall {
  method: string;
  /** The route as the caller wrote it (`/repos/{owner}/{repo}/pulls`), or the path of an absolute URL (pagination). */
  route: string;
  /** Attempts that failed, retries included. */
  failures: number;
}

/** The call the current request belongs to: retries and the installation-token request happen inside it. */
const currentCall = new AsyncLocalStorage<GithubCall>();
const callOfError = new WeakMap<object, GithubCall>();

type RetryRequest = (error: unknown, retries: number, retryAfter: number) => unknown;

/**
 * `Octokit.plugin(githubCallLogging)`. It must come after @octokit/plugin-retry (ProbotOctokit has it), whose
 * `retryRequest` hook it wraps: that is called once per failed attempt the retry plugin considers retrying.
 */
export function githubCallLogging(octokit: Pick<Octokit, 'hook' | 'log'>): void {
  const retry = (octokit as { retry?: { retryRequest: RetryRequest } }).retry;
  // Probot gives every Octokit a child of the app's pino logger.
  const log = octokit.log as unknown as Pick<Logger, 'warn'>;
  if (retry) {
    const original = retry.retryRequest;
    retry.retryRequest = (error, retries, retryAfter) => {
      const call = currentCall.getStore();
      if (call) {
        call.failures++;
        // The retry plugin tries again while it has made no more than `retries` retries.
        if (call.failures <= retries) {
          log.warn(
            { method: call.method, route: call.route, attempt: call.failures, attempts: retries + 1, ...failureOf(error) },
            `GitHub call failed, retrying: ${call.method} ${call.route} (attempt ${call.failures} of ${retries + 1}): ${messageOf(error)}`,
          );
        }
      }
      return original(error, retries, retryAfter);
    };
  }
  octokit.hook.wrap('request', async (request, options) => {
    const call: GithubCall = { method: options.method, route: routeOf(options), failures: 0 };
    try {
      return await currentCall.run(call, () => request(options));
    } catch (error) {
      if (typeof error === 'object' && error !== null) callOfError.set(error, call);
      throw error;
    }
  });
}

/** The call `error` ended, when it came from an Octokit with `githubCallLogging`, else what the error says of itself. */
export function githubCallOf(error: unknown): GithubCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const known = callOfError.get(error);
  if (known) return known;
  const request = (error as { request?: { method?: unknown; url?: unknown } }).request;
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return undefined;
  return { method: request.method, route: routeOf({ url: request.url }), failures: 1 };
}

function routeOf(options: { url?: unknown }): string {
  const url = typeof options.url === 'string' ? options.url : '';
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function failureOf(error: unknown): { status?: number; code?: string } {
  const status = (error as { status?: unknown }).status;
  const code = networkCode(error);
  return { ...(typeof status === 'number' && !code ? { status } : {}), ...(code ? { code } : {}) };
}

/** `ENOTFOUND`, `ECONNRESET`, ... when the request never got an answer (Octokit reports those as status 500). */
export function networkCode(error: unknown): string | undefined {
  if ((error as { response?: unknown }).response !== undefined) return undefined;
  let cause: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; cause && depth < 3; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
