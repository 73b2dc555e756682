import { StepError } from '../../../engine/errors.js';
import { githubCallOf, networkCode } from './github-call.js';

/**
 * Maps an Octokit failure onto the engine's retry rule: 4xx answers (bad input, missing permission, gone)
 * will not change on a retry, except 429 and rate-limit 403s; 5xx and network errors may. The message names
 * the call that failed (`GET /repos/{owner}/{repo}/pulls/{pull_number}`) and how many attempts it made.
 */
export function githubError(error: unknown, what: string): unknown {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || error instanceof StepError) return error;
  const message = (error as Error).message;
  const call = githubCallOf(error);
  const where = call ? ` (${call.method} ${call.route}${call.failures > 1 ? `, ${call.failures} attempts` : ''})` : '';
  // Octokit reports a request that got no answer at all (DNS, refused, reset) as status 500.
  const unreachable = networkCode(error);
  if (unreachable) {
    return new StepError(`${what}${where}: GitHub could not be reached: ${message}`, { retryable: true, code: 'github_unreachable', cause: error });
  }
  const rateLimited = status === 429 || (status === 403 && /rate limit/i.test(message));
  const retryable = status >= 500 || rateLimited;
  const hint = status === 403 && !rateLimited ? ' (does the app have the permission? see app.yml)' : status === 404 ? ' (not found, or the app is not installed there)' : '';
  return new StepError(`${what}${where}: GitHub answered ${status}: ${message}${hint}`, { retryable, code: `github_${status}`, cause: error });
}

/** Throws `error` as `githubError` would convert it. */
export function rethrowGithub(error: unknown, what: string): never {
  throw githubError(error, what);
}

/** Runs `fn`, converting its GitHub errors with `githubError`. */
export async function callGithub<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw githubError(error, what);
  }
}
