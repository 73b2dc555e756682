import { z } from 'zod';

/**
 * The REST API's requests and answers as zod schemas: the routes validate with them, the TypeScript types
 * come from them, and `/api/openapi.json` is generated from them, so the three cannot drift apart.
 */

export const RUN_STATUSES = ['pending', 'queued', 'running', 'interrupted', 'success', 'failure', 'cancelled'] as const;
const STEP_STATUSES = ['running', 'success', 'failure', 'skipped', 'cancelled'] as const;

/** `owner/name`: one character class on each side of a `/` it cannot contain, so matching is linear. */
const repoName = z.string().max(200).regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name');

export const apiEventSchema = z
  .strictObject({
    event: z.string().min(1).max(100).optional().meta({ description: 'What happened, in the caller\'s words (`event.event` in expressions); default `execute` or `submit`.' }),
    action: z.string().max(100).optional(),
    repo: repoName.optional().meta({ description: 'The repository the run is about (`event.repo`).' }),
    number: z.int().positive().optional().meta({ description: 'The pull request or issue the run is about (`event.number`).' }),
    branch: z.string().max(255).optional(),
    labels: z.array(z.string().max(100)).max(100).optional(),
    paths: z.array(z.string().max(4096)).max(10_000).optional(),
    payload: z.unknown().optional().meta({ description: 'Anything else the workflow reads as `event.payload`.' }),
  })
  .meta({ description: 'The trigger event of the run; its `source` is always `api`.' });

const workflowName = z.string().min(1).max(200).meta({ description: 'The workflow\'s `name:`; it must allow API runs (`on: { api: true }`).' });
const inputs = z.record(z.string(), z.unknown()).meta({ description: 'The workflow\'s `inputs:`, by name.' });
const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .max(2048)
  .meta({ description: 'Called once when the job ends, signed the Standard Webhooks way (see Callbacks in docs/api.md).' });

export const submitRequestSchema = z
  .strictObject({ workflow: workflowName, inputs: inputs.optional(), event: apiEventSchema.optional(), webhook_url: webhookUrl.optional() });

export const executeRequestSchema = submitRequestSchema
  .extend({
    wait: z.int().min(0).max(600_000).optional().meta({ description: 'Milliseconds to wait for the job before answering 202 (default `api.executeWaitMs`).' }),
  });

export const usageSchema = z
  .object({
    calls: z.number(),
    cachedCalls: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    models: z.array(z.string()),
  })
  .meta({ description: 'Model calls of the job, summed over its steps.' });

export const jobStepSchema = z
  .object({
    id: z.string(),
    status: z.enum(STEP_STATUSES),
    attempt: z.int(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().optional(),
  });

export const jobSummarySchema = z
  .object({
    job_id: z.string(),
    workflow: z.string(),
    status: z.enum(RUN_STATUSES),
    source: z.string().meta({ description: 'What started the job: `api`, `github`, `slack`, ...; `manual` for the CLI.' }),
    repo: z.string().optional(),
    number: z.int().optional(),
    error: z.string().optional(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().optional(),
    finishedAt: z.iso.datetime().optional(),
  });

export const jobSchema = jobSummarySchema
  .extend({
    outputs: z.record(z.string(), z.unknown()),
    steps: z.array(jobStepSchema),
    usage: usageSchema,
    cost: z.number().meta({ description: 'USD spent on model calls.' }),
  });

export const acceptedSchema = z.object({ job_id: z.string(), status: z.enum(RUN_STATUSES) });

export const jobListSchema = z
  .object({ jobs: z.array(jobSummarySchema), next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }) });

export const errorSchema = z
  .object({
    error: z.string().meta({ description: 'A stable code: invalid_request, unknown_workflow, not_found, conflict, internal, ...' }),
    message: z.string().optional(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  });

/** Epoch milliseconds, or an ISO 8601 time. */
const time = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time or epoch milliseconds' });
    return ms;
  });

export const listQuerySchema = z.strictObject({
  workflow: z.string().max(200).optional(),
  repo: repoName.optional(),
  status: z
    .string()
    .max(200)
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(RUN_STATUSES)))
    .optional()
    .meta({ description: 'Comma-separated statuses.' }),
  source: z.string().max(50).optional().meta({ description: 'The trigger kind: api, github, slack, jenkins, manual, ...' }),
  since: time.optional().meta({ description: 'Created at or after (ISO 8601 or epoch ms).' }),
  until: time.optional().meta({ description: 'Created before (ISO 8601 or epoch ms).' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: 'The `next_cursor` of the previous page.' }),
});

export const streamQuerySchema = z.strictObject({
  workflow: workflowName,
  inputs: z
    .string()
    .max(1_000_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(inputs)
    .optional()
    .meta({ description: 'The inputs as a JSON object.' }),
});

export type SubmitRequest = z.infer<typeof submitRequestSchema>;
export type ExecuteRequest = z.infer<typeof executeRequestSchema>;
export type ApiEvent = z.infer<typeof apiEventSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type JobStep = z.infer<typeof jobStepSchema>;
export type JobSummary = z.infer<typeof jobSummarySchema>;
export type Job = z.infer<typeof jobSchema>;
export type ListQuery = z.infer<typeof listQuerySchema>;
