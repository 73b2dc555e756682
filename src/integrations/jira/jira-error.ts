import { StepError } from '../../engine/errors.js';

/**
 * Turns a jira.js failure (its `HttpException` around an axios error, or a bare axios network error) into a
 * `StepError` that names the call (`POST /rest/api/3/issue/ABC-1/comment`), Jira's HTTP status and Jira's own
 * explanation (`errorMessages`, `errors`). The original error is not kept as the cause: it holds the request
 * configuration, and with it the `Authorization` header.
 */
export function jiraError(error: unknown, what: string): StepError {
  if (error instanceof StepError) return error;
  const failure = (error ?? {}) as JiraFailure;
  const request = failure.cause?.config ?? failure.config;
  const where = request?.url ? ` (${(request.method ?? 'GET').toUpperCase()} ${request.url})` : '';
  const status = typeof failure.status === 'number' && failure.response && 'data' in failure.response ? failure.status : undefined;
  if (status === undefined) {
    const code = failure.code ?? failure.cause?.code;
    if (code === 'ERR_CANCELED') return new StepError(`${what}${where}: cancelled`, { retryable: false, code: 'jira_cancelled' });
    return new StepError(`${what}${where}: Jira could not be reached: ${code ?? failure.message ?? 'unknown error'}`, { retryable: true, code: 'jira_unreachable' });
  }
  const explained = explain(failure.response?.data) || failure.response?.statusText || '';
  const retryable = status === 429 || status >= 500;
  return new StepError(`${what}${where}: Jira answered ${status}${explained ? `: ${explained}` : ''}${HINTS[status] ?? ''}`, { retryable, code: `jira_${status}` });
}

/** Runs `fn`, converting its failures with `jiraError`. */
export async function callJira<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw jiraError(error, what);
  }
}

const HINTS: Record<number, string> = {
  401: ' (check JIRA_EMAIL and JIRA_API_TOKEN, or JIRA_PAT)',
  403: ' (the Jira account lacks the permission for this)',
  404: ' (no such issue or project, or the Jira account cannot see it)',
};

const MAX_EXPLANATION = 1_000;

/** `{ errorMessages: ['Field x is required'], errors: { summary: 'too long' } }` → `Field x is required; summary: too long`. */
export function explain(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, MAX_EXPLANATION);
  if (!body || typeof body !== 'object') return '';
  const { errorMessages, errors, message } = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const parts = [
    ...(Array.isArray(errorMessages) ? errorMessages.filter((part): part is string => typeof part === 'string') : []),
    ...(errors && typeof errors === 'object' ? Object.entries(errors).map(([field, text]) => `${field}: ${String(text)}`) : []),
    ...(typeof message === 'string' ? [message] : []),
  ];
  const text = parts.join('; ');
  return text.length > MAX_EXPLANATION ? `${text.slice(0, MAX_EXPLANATION - 1)}…` : text;
}

interface RequestConfig {
  method?: string;
  url?: string;
}

interface JiraFailure {
  status?: unknown;
  code?: string;
  message?: string;
  config?: RequestConfig;
  response?: { data?: unknown; statusText?: string };
  cause?: { config?: RequestConfig; code?: string };
}
