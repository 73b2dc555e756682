import { z } from 'zod';
import {
  acceptedSchema,
  apiEventSchema,
  errorSchema,
  executeRequestSchema,
  jobListSchema,
  jobSchema,
  jobStepSchema,
  jobSummarySchema,
  listQuerySchema,
  streamQuerySchema,
  submitRequestSchema,
  usageSchema,
} from './schemas.js';

/**
 * The OpenAPI 3.1 document of `/api`, generated from the zod schemas the routes validate with (`schemas.ts`):
 * request bodies and query parameters as the routes accept them, answers as they are sent.
 */

type Scope = 'read' | 'execute';

export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form: `{id}` for a path parameter. */
  path: string;
  summary: string;
  /** Without one, the operation needs no token. */
  scope?: Scope;
  body?: string;
  query?: z.ZodObject;
  headers?: { name: string; description: string }[];
  responses: Record<string, { description: string; schema?: string; stream?: true }>;
}

const ERRORS = {
  '400': { description: 'Invalid request: `issues` names each failing field.', schema: 'Error' },
  '401': { description: 'No token, or one that is not valid.', schema: 'Error' },
  '403': { description: 'The token lacks the scope, or the workflow does not accept API runs.', schema: 'Error' },
  '429': { description: 'Over the token\'s rate limit; `Retry-After` says when to retry.', schema: 'Error' },
} as const;

export const OPERATIONS: Operation[] = [
  {
    method: 'post', path: '/api/workflows/execute', scope: 'execute', body: 'ExecuteRequest',
    summary: 'Run a workflow and wait for it (up to `wait` ms)',
    responses: { '200': { description: 'The job ended within `wait`.', schema: 'Job' }, '202': { description: 'Still running: follow `Location`.', schema: 'Accepted' }, ...ERRORS, '404': { description: 'No such workflow (with a did-you-mean).', schema: 'Error' }, '413': { description: 'Body over `server.maxBodyBytes`.', schema: 'Error' } },
  },
  {
    method: 'post', path: '/api/workflows/submit', scope: 'execute', body: 'SubmitRequest',
    summary: 'Start a workflow and answer at once',
    responses: { '202': { description: 'Accepted: follow `Location`.', schema: 'Accepted' }, ...ERRORS, '404': { description: 'No such workflow.', schema: 'Error' }, '413': { description: 'Body over `server.maxBodyBytes`.', schema: 'Error' } },
  },
  {
    method: 'get', path: '/api/workflows/execute/stream', scope: 'execute', query: streamQuerySchema,
    summary: 'Start a workflow and stream its events (Server-Sent Events)',
    responses: { '200': { description: 'Events until `run.completed`.', stream: true }, ...ERRORS, '404': { description: 'No such workflow.', schema: 'Error' } },
  },
  {
    method: 'get', path: '/api/jobs', scope: 'read', query: listQuerySchema,
    summary: 'List jobs, newest first, a page at a time',
    responses: { '200': { description: 'A page; `next_cursor` fetches the next.', schema: 'JobList' }, ...ERRORS },
  },
  {
    method: 'get', path: '/api/jobs/{id}', scope: 'read',
    summary: 'A job: status, steps, outputs, usage and cost',
    responses: { '200': { description: 'The job.', schema: 'Job' }, ...ERRORS, '404': { description: 'No such job.', schema: 'Error' } },
  },
  {
    method: 'delete', path: '/api/jobs/{id}', scope: 'execute',
    summary: 'Cancel a job',
    responses: { '200': { description: 'Cancelled.', schema: 'Accepted' }, '202': { description: 'Cancelling: its running steps are stopping.', schema: 'Accepted' }, ...ERRORS, '404': { description: 'No such job.', schema: 'Error' }, '409': { description: 'The job already ended.', schema: 'Error' } },
  },
  {
    method: 'get', path: '/api/jobs/{id}/events', scope: 'read',
    headers: [{ name: 'Last-Event-ID', description: 'Resume after this event id (what EventSource sends when it reconnects).' }],
    summary: 'Stream a job\'s events (Server-Sent Events), resumable',
    responses: { '200': { description: 'Events until `run.completed`.', stream: true }, '204': { description: 'The job ended and the client has every event: stop reconnecting.' }, ...ERRORS, '404': { description: 'No such job.', schema: 'Error' } },
  },
  {
    method: 'get', path: '/api/openapi.json',
    summary: 'This document',
    responses: { '200': { description: 'OpenAPI 3.1.' } },
  },
];

const REQUESTS = { ApiEvent: apiEventSchema, SubmitRequest: submitRequestSchema, ExecuteRequest: executeRequestSchema };
const ANSWERS = { Usage: usageSchema, JobStep: jobStepSchema, JobSummary: jobSummarySchema, Job: jobSchema, JobList: jobListSchema, Accepted: acceptedSchema, Error: errorSchema };

const SSE_DESCRIPTION =
  'Each event has `id:` (a per-job sequence number), `event:` (run.started, step.started, step.completed, step.failed, action.event, run.completed) and `data:` (JSON; for run.completed, the Job). A `: heartbeat` comment comes every 15 s.';

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'agentic-sdlc REST API', version, description: 'Run workflows, follow and cancel jobs. See docs/api.md.' },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`agentic-sdlc tokens create`) or AGENTIC_SDLC_API_TOKEN.' } },
      schemas: { ...components(REQUESTS, 'input'), ...components(ANSWERS, 'output') },
    },
  };
}

function operationObject(operation: Operation): Record<string, unknown> {
  const parameters: unknown[] = [];
  if (operation.path.includes('{id}')) parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string' } });
  for (const [name, field] of Object.entries(operation.query?.shape ?? {})) {
    const schema = jsonSchema(field as z.ZodType, 'input');
    const { description, ...rest } = schema;
    parameters.push({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema: rest, ...(description ? { description } : {}) });
  }
  for (const header of operation.headers ?? []) parameters.push({ name: header.name, in: 'header', required: false, description: header.description, schema: { type: 'string' } });
  const responses = Object.fromEntries(
    Object.entries(operation.responses).map(([status, answer]) => [
      status,
      {
        description: answer.description,
        ...(answer.schema ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${answer.schema}` } } } } : {}),
        ...(answer.stream ? { content: { 'text/event-stream': { schema: { type: 'string', description: SSE_DESCRIPTION } } } } : {}),
      },
    ]),
  );
  return {
    summary: operation.summary,
    operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(\w?)/g, (_, next: string) => next.toUpperCase())}`,
    // No scope, no token: an empty requirement list lifts the document-wide one.
    security: operation.scope ? [{ bearer: [] }] : [],
    ...(operation.scope ? { 'x-scope': operation.scope } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } } } } : {}),
    responses,
  };
}

function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }).schemas;
  return Object.fromEntries(Object.entries(generated).map(([id, schema]) => [id, strip(schema as Record<string, unknown>)]));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return strip(z.toJSONSchema(schema, { io, unrepresentable: 'any' }));
}

/** `$schema` is the document's `jsonSchemaDialect`; a fragment `$id` is not valid in 2020-12. */
function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
