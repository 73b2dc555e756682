import { z } from 'zod';
import type { ActionContext, ActionTools } from '../../engine/action.js';
import type { CallScope, LlmSession } from '../../llm/bridge.js';

/** Inputs every LLM action takes. */
export const llmCommonInput = {
  /** `provider:model` for this step; the configured default otherwise. */
  // '' and null mean "the default", so a workflow can pass an optional `model` input straight through.
  model: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().regex(/^[a-z][a-z0-9-]*:\S+$/, 'expected provider:model').optional()),
  budget: z
    .object({
      /** Most this run may spend on model calls, in USD (default `llm.budget.perRunUsd`). */
      maxCostUsd: z.number().positive().optional(),
      /** Prompt tokens per call (default `llm.budget.contextTokens`). */
      maxTokensPerCall: z.int().min(2000).optional(),
    })
    .strict()
    .optional(),
  /** `owner/name` for the per-repository monthly budget; the trigger event's repository otherwise. */
  repo: z.string().optional(),
};

/** The repository's guidelines, for actions whose prompt carries them (redacted and bounded there). */
export const llmGuidelinesInput = {
  /** `llm.instructions` of the repository's `.github/agentic-sdlc.yml`. */
  instructions: z.string().default(''),
  /** Short guidelines learned from earlier feedback (`/sdlc learn`). */
  learned: z.array(z.string()).default([]),
};

export const usageOutput = z.object({
  calls: z.number(),
  cachedCalls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  models: z.array(z.string()),
});

/** Whether a model answered, and if not, why (the offline result stands). */
export const llmStatusOutput = z.object({
  used: z.boolean(),
  model: z.string().optional(),
  reason: z.string().optional(),
  /** Set when a provider was configured but gave no answer: the CLI prints it and `--fail-on-ai-error` gates on it. */
  error: z
    .object({
      message: z.string(),
      code: z.string().optional(),
      provider: z.string().optional(),
      model: z.string().optional(),
      baseURL: z.string().optional(),
      status: z.number().optional(),
    })
    .optional(),
});

export const NO_PROVIDER =
  'No LLM provider is configured (set ANTHROPIC_API_KEY, OPENAI_API_KEY or OLLAMA_BASE_URL, and optionally AGENTIC_SDLC_MODEL)';

export const EMPTY_USAGE: z.infer<typeof usageOutput> = { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, models: [] };

export function callScope(
  ctx: ActionContext,
  tools: ActionTools,
  purpose: string,
  input: { model?: string | undefined; budget?: { maxCostUsd?: number | undefined } | undefined; repo?: string | undefined },
): CallScope {
  const repo = input.repo ?? ctx.event?.repo;
  return {
    runId: ctx.runId,
    signal: tools.signal,
    log: tools.log,
    emit: (name, data) => tools.emit(name, data),
    purpose,
    ...(repo ? { repo } : {}),
    ...(input.model ? { model: input.model } : {}),
    ...(input.budget?.maxCostUsd !== undefined ? { maxCostUsd: input.budget.maxCostUsd } : {}),
  };
}

/** The usage an action returns (it lands in the durable step record) and logs. */
export function finishUsage(session: LlmSession, tools: ActionTools): z.infer<typeof usageOutput> {
  const usage = { ...session.totals, models: [...session.totals.models] };
  tools.log.info('llm usage', { ...usage });
  return usage;
}

/** The PR title and body from a pull-request or issue-comment event, when the step was not given them. */
export function prText(ctx: ActionContext, input: { title?: string | undefined; body?: string | undefined }): { title?: string; body?: string } {
  const payload = (ctx.event?.payload ?? {}) as { pull_request?: { title?: string; body?: string | null }; issue?: { title?: string; body?: string | null } };
  const item = payload.pull_request ?? payload.issue;
  const title = input.title ?? item?.title;
  const body = input.body ?? item?.body ?? undefined;
  return { ...(title ? { title } : {}), ...(body ? { body } : {}) };
}
