import type { Context } from 'hono';
import { z } from 'zod';
import { InputError } from '../../engine/inputs.js';
import { UnknownWorkflowError, WorkflowNotEnabledError } from '../job-service.js';

/**
 * How the API answers what went wrong: a stable `error` code, a `message` that says what and the fix, and
 * for validation the failing fields. Anything else is a 500 that says nothing about the server's insides.
 */

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** A request the API refuses, thrown by a handler and answered by `answerError`. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function invalid(issues: Issue[]): ApiError {
  const first = issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  return new ApiError(400, 'invalid_request', `${where}${first?.message ?? 'invalid request'}`, issues);
}

export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({ path: [...prefix, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))], message: issue.message }));
}

/** `value` validated by `schema`, or the ApiError (400) naming every failing field under `prefix`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(issuesOf(parsed.error, prefix));
  return parsed.data;
}

/** The JSON body validated by `schema`. The size was capped before (413) by the server's body limit. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw invalid([{ path: [], message: 'the body is not JSON (send Content-Type: application/json and a JSON object)' }]);
  }
  return validate(schema, body);
}

/** The answer for errors a caller can cause; undefined for the rest (a bug or an outage: 500). */
export function answerError(c: Context, error: unknown): Response | undefined {
  if (error instanceof ApiError) {
    return c.json({ error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) }, error.status);
  }
  if (error instanceof UnknownWorkflowError) return c.json({ error: 'unknown_workflow', message: error.message }, 404);
  if (error instanceof WorkflowNotEnabledError) return c.json({ error: 'workflow_not_enabled', message: error.message }, 403);
  if (error instanceof InputError) {
    const issues = error.problems.map((message) => ({ path: ['inputs'], message }));
    return c.json({ error: 'invalid_request', message: error.problems[0] ?? 'invalid inputs', issues }, 400);
  }
  return undefined;
}
