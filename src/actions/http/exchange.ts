import { z } from 'zod';

/**
 * The pure halves of `http.request`: the request a step's `with:` describes, which statuses it accepts, and the
 * response body as a workflow reads it (parsed JSON when the server says JSON, else text).
 */

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Headers the transport sets itself; a workflow setting them would produce a malformed or misrouted request. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export const httpRequestInput = z
  .object({
    url: z.string().min(1),
    method: z
      .string()
      .default('GET')
      .transform((method) => method.toUpperCase())
      .pipe(z.enum(METHODS, { error: `method must be one of ${METHODS.join(', ')}` })),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .refine((headers) => Object.keys(headers).every((name) => !RESERVED_HEADERS.has(name.toLowerCase())), {
        error: `headers may not set ${[...RESERVED_HEADERS].join(', ')}: the request sets them itself`,
      }),
    /** An object or array is sent as JSON; a string as is. */
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    'expect-status': z.union([z.int().min(100).max(599), z.array(z.int().min(100).max(599)).min(1)]).optional(),
    /** `30s`, `500ms`, or seconds as a number; at most the step's own timeout applies anyway. */
    timeout: z.union([z.string(), z.number()]).optional(),
  })
  .strict();

export type HttpRequestInput = z.infer<typeof httpRequestInput>;

export function buildRequest(input: HttpRequestInput, idempotencyKey: string): { method: string; headers: Record<string, string>; body?: string } {
  const json = input.body !== undefined && typeof input.body !== 'string';
  const given = new Set(Object.keys(input.headers).map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {
    // The workflow's own key wins: it may already be the one its receiver expects.
    ...(given.has('idempotency-key') ? {} : { 'idempotency-key': idempotencyKey }),
    ...(json && !given.has('content-type') ? { 'content-type': 'application/json' } : {}),
    ...(given.has('accept') ? {} : { accept: 'application/json, text/*;q=0.9, */*;q=0.1' }),
    ...input.headers,
  };
  if (input.body === undefined) return { method: input.method, headers };
  return { method: input.method, headers, body: json ? JSON.stringify(input.body) : (input.body as string) };
}

export function statusExpected(status: number, expect: HttpRequestInput['expect-status']): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : expect === status;
}

export function describeExpected(expect: HttpRequestInput['expect-status']): string {
  if (expect === undefined) return '2xx';
  return Array.isArray(expect) ? expect.join(' or ') : String(expect);
}

export function readBody(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (text.length > 0 && (media === 'application/json' || media.endsWith('+json'))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
