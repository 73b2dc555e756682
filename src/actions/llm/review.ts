import { z } from 'zod';
import { findingSchema } from '../../analysis/finding.js';
import { defineAction } from '../../engine/action.js';
import { usd, type LlmBridge } from '../../llm/bridge.js';
import { describeLlmFailure, llmFailureOf } from '../../llm/failure.js';
import { reviewNotes } from '../../llm/render/review-notes.js';
import { runReview } from '../../llm/review/run-review.js';
import { suppressFindings } from '../../llm/review/suppress-findings.js';
import { EMPTY_USAGE, NO_PROVIDER, callScope, finishUsage, llmCommonInput, llmStatusOutput, usageOutput } from './common.js';

/** A thread under one of our earlier inline comments (`github.review-feedback` output `threads`). */
export const reviewThreadSchema = z.object({
  file: z.string(),
  line: z.int().positive().nullish(),
  /** Our comment's finding message. */
  finding: z.string(),
  replies: z.array(z.object({ author: z.string(), body: z.string() })),
});

export const llmReviewInput = z.object({
  /** The unified diff of the pull request. */
  diff: z.string(),
  /** `diff.analyze` findings to merge with (they also mark lines to redact). */
  findings: z.array(findingSchema).default([]),
  /** Paths never sent to a model (globs, as in `.gitignore`). */
  ignore: z.array(z.string()).default([]),
  /** New-side file contents by path, to widen hunks to their enclosing function. */
  sources: z.record(z.string(), z.string()).optional(),
  /** The pull request's title and description (data for the model: redacted, bounded, delimited). */
  title: z.string().default(''),
  description: z.string().default(''),
  /** `llm.instructions` of the repository's `.github/agentic-sdlc.yml`: its review guidelines. */
  instructions: z.string().default(''),
  /** Short guidelines learned from earlier feedback (`/sdlc learn`; `github.review-feedback` output `learned`). */
  learned: z.array(z.string()).default([]),
  /** Replies under our earlier inline comments, shown to the call that reviews their file. */
  threads: z.array(reviewThreadSchema).default([]),
  /** Fingerprints of findings the repository rejected: removed from the output, offline ones included. */
  suppress: z.array(z.string()).default([]),
  ...llmCommonInput,
});

export const llmReviewOutput = z.object({
  findings: z.array(findingSchema),
  /** Plain-text lines for the report: model, coverage, cost, what was not sent and why. */
  notes: z.array(z.string()),
  /** Lines the report shows first: the AI review failed and the findings are the offline analyzer's alone. */
  warnings: z.array(z.string()),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  llm: llmStatusOutput,
  stats: z
    .object({
      files: z.number(),
      reviewableFiles: z.number(),
      reviewedFiles: z.number(),
      units: z.number(),
      cachedUnits: z.number(),
      calls: z.number(),
      promptTokens: z.number(),
      changedLines: z.number(),
      changedLinesShown: z.number(),
      movedToSummary: z.number(),
      dropped: z.number(),
    })
    .optional(),
  usage: usageOutput,
});

export function llmReviewAction(llm: LlmBridge) {
  return defineAction({
    name: 'llm.review',
    description: 'AI review of a diff of any size within a token and cost budget, merged with the offline findings; offline findings alone without a provider.',
    input: llmReviewInput,
    output: llmReviewOutput,
    async run(ctx, input, tools) {
      const offline = suppressFindings(input.findings, input.suppress);
      if (!llm.available) {
        tools.log.info(`${NO_PROVIDER}: offline analyzer only`);
        // The step itself succeeds (it passes the offline findings on); progress shows it as skipped.
        tools.emit('step.skipped', { reason: NO_PROVIDER });
        return {
          findings: offline.kept,
          notes: [`${NO_PROVIDER}: this review comes from the offline analyzer alone.`, ...offline.notes],
          warnings: [],
          skipped: [],
          llm: { used: false, reason: NO_PROVIDER },
          usage: EMPTY_USAGE,
        };
      }
      const session = llm.session(callScope(ctx, tools, 'review', input));
      let outcome;
      try {
        outcome = await runReview(session, {
          diff: input.diff,
          offlineFindings: input.findings,
          ignore: input.ignore,
          ...(input.sources ? { sources: input.sources } : {}),
          context: { title: input.title, description: input.description, instructions: input.instructions, learned: input.learned, threads: input.threads },
          maxPromptTokens: input.budget?.maxTokensPerCall ?? llm.budget.contextTokens,
          concurrency: llm.concurrency,
        });
      } catch (error) {
        // A provider that does not answer must not take the offline findings down with it: they are
        // passed on, and the failure is stated (report, outputs, progress) instead of failing the run.
        const failure = llmFailureOf(error, tools.signal);
        if (!failure) throw error;
        const line = describeLlmFailure('AI review', failure);
        tools.log.warn(line);
        tools.emit('step.degraded', { reason: line });
        return {
          findings: offline.kept,
          notes: offline.notes,
          warnings: [`${line}. The findings below come from the offline analyzer alone.`],
          skipped: [],
          llm: { used: false, reason: line, error: failure },
          usage: finishUsage(session, tools),
        };
      }
      const usage = finishUsage(session, tools);
      tools.log.info(`reviewed ${outcome.stats.reviewedFiles}/${outcome.stats.reviewableFiles} files in ${outcome.stats.calls} calls for ${usd(usage.costUsd)}`);
      const output = suppressFindings(outcome.findings, input.suppress);
      return {
        findings: output.kept,
        notes: [...reviewNotes(session.primary, outcome, usage), ...output.notes],
        warnings: [],
        skipped: outcome.skipped,
        llm: { used: true, model: usage.models[0] ?? session.primary },
        stats: outcome.stats,
        usage,
      };
    },
  });
}
