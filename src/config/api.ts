import { z } from 'zod';

/**
 * The REST API (`/api`): tokens, limits and job callbacks. Its routes always run in `serve`; what a caller may
 * do depends on the token it presents (scopes `read` and `execute`).
 */
export const apiConfigSchema = z
  .object({
    /** One `execute` token from the environment (`AGENTIC_SDLC_API_TOKEN`), for bootstrapping before `tokens create`. */
    bootstrapToken: z.string().min(24, 'at least 24 characters').optional(),
    /** Requests per minute per token (429 with `Retry-After` above it). */
    rateLimitPerMinute: z.int().min(1).max(1_000_000).default(600),
    /** How long `POST /api/workflows/execute` waits for the run by default before answering 202 with the job id. */
    executeWaitMs: z.int().min(0).max(600_000).default(30_000),
    callbacks: z
      .object({
        /** `whsec_…` (Standard Webhooks): signs job callbacks (`AGENTIC_SDLC_CALLBACK_SECRET`). Without it, `webhook_url` is refused. */
        secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'a Standard Webhooks secret: whsec_ then base64').optional(),
        /** Hosts or CIDRs a callback (and `http.request`) may reach although private (`AGENTIC_SDLC_CALLBACK_ALLOW_HOSTS`). */
        allowHosts: z.array(z.string().min(1)).default([]),
        /** Attempts per callback, with exponential backoff between them. */
        maxAttempts: z.int().min(1).max(20).default(6),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type ApiConfig = z.infer<typeof apiConfigSchema>;
