import { z } from 'zod';

const MODEL_REF = /^[a-z][a-z0-9-]*:\S+$/;
const modelRef = z.string().regex(MODEL_REF, 'expected provider:model, e.g. anthropic:claude-sonnet-4-5 or openai:gpt-4.1-mini');

const providerSchema = z
  .object({
    apiKey: z.string().min(1).optional(),
    baseURL: z.url().optional(),
  })
  .strict();

/** USD per million tokens. */
export const priceSchema = z
  .object({
    input: z.number().min(0),
    output: z.number().min(0),
    /** Prompt tokens served from the provider's prompt cache; defaults to `input`. */
    cachedInput: z.number().min(0).optional(),
  })
  .strict();
export type Price = z.infer<typeof priceSchema>;

/**
 * The `llm` section of the configuration. Keys and base URLs come from the environment under the SDKs'
 * usual names (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_BASE_URL, ...); see `load-config.ts`.
 */
export const llmConfigSchema = z
  .object({
    /** Default model as `provider:model`; `AGENTIC_SDLC_MODEL`. Without it, the first configured provider's default. */
    model: modelRef.optional(),
    /** Models tried in order when the primary fails after its retries (`anthropic → openai`). */
    fallback: z.array(modelRef).default([]),
    providers: z
      .object({
        openai: providerSchema.optional(),
        anthropic: providerSchema.optional(),
        /** Any OpenAI-compatible server; `OLLAMA_BASE_URL` (e.g. http://localhost:11434). */
        ollama: providerSchema.optional(),
      })
      .strict()
      .prefault({}),
    /** `provider:model` → USD per million tokens; merged over the built-in table (`src/llm/prices.ts`). */
    prices: z.record(z.string(), priceSchema).default({}),
    budget: z
      .object({
        /** Stops a run whose LLM calls would cost more than this. */
        perRunUsd: z.number().positive().default(1),
        /** Stops runs of a repository once its calls this calendar month (UTC) cost this much. */
        perRepoMonthlyUsd: z.number().positive().optional(),
        /** Prompt tokens per call when packing a diff. */
        contextTokens: z.int().min(2000).default(32_000),
        /** Completion tokens requested per call. */
        maxOutputTokens: z.int().min(256).default(4096),
      })
      .strict()
      .prefault({}),
    cache: z
      .object({
        /**
         * `auto` (the default): Redis when `url` is a `redis://` URL or, without a `url`, when `redisUrl` (REDIS_URL)
         * is set, so the workers of distributed mode share answers; otherwise SQLite. A backend named here is used
         * as named (`sqlite` keeps each worker's cache local even with REDIS_URL); see `resolveCacheStore`.
         */
        backend: z.enum(['auto', 'sqlite', 'redis', 'memory', 'off']).default('auto'),
        /** SQLite file (default `.agentic-sdlc/llm-cache.sqlite`) or Redis URL (default `redisUrl`, else `redis://127.0.0.1:6379`). */
        url: z.string().optional(),
        ttlDays: z.number().positive().default(30),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        /** Retries after the first attempt, per model. */
        maxRetries: z.int().min(0).max(10).default(2),
        /** A `retry-after` longer than this moves on to the fallback model instead of waiting. */
        maxWaitMs: z.int().min(0).default(60_000),
      })
      .strict()
      .prefault({}),
    /** Per-call timeout. */
    timeoutMs: z.int().min(1000).default(120_000),
    /** Calls of one step in flight at once (a large PR is split into several). */
    concurrency: z.int().min(1).max(32).default(4),
  })
  .strict()
  .prefault({});

export type LlmConfig = z.infer<typeof llmConfigSchema>;
