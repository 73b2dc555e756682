import { z } from 'zod';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { AnalyzerConfigError, analyzerConfigSchema } from '../../analysis/config.js';
import { findingSchema } from '../../analysis/finding.js';
import { analysisSummarySchema, summarize } from '../../analysis/summary.js';
import { defineAction, type ActionTools } from '../../engine/action.js';
import { nonRetryable } from '../../engine/errors.js';
import type { AnalysisThread } from './analysis-thread.js';
import { analyzeDiffText } from './analyze-diff-text.js';

export const diffAnalyzeInput = z.object({
  /** A unified diff: `git diff` output or GitHub's `application/vnd.github.diff` media type. */
  diff: z.string(),
  config: analyzerConfigSchema.optional(),
});
export type DiffAnalyzeInput = z.infer<typeof diffAnalyzeInput>;

export const diffAnalyzeOutput = z.object({
  findings: z.array(findingSchema),
  summary: analysisSummarySchema,
});
export type DiffAnalyzeOutput = z.infer<typeof diffAnalyzeOutput>;

/**
 * Diffs up to this many characters are analyzed on the calling thread: a few milliseconds of work, less than
 * what copying them to the worker and back costs.
 */
export const IN_PROCESS_LIMIT = 64 * 1024;

export interface DiffAnalyzeOptions {
  /** Where larger diffs are analyzed, so the calling thread stays free; without it, every diff runs in-process. */
  thread?: AnalysisThread;
}

export function createDiffAnalyzeAction(options: DiffAnalyzeOptions = {}) {
  return defineAction({
    name: 'diff.analyze',
    description: 'Offline checks of a unified diff: secrets, conflict markers, debug leftovers, TODOs, size, lockfiles, missing tests.',
    input: diffAnalyzeInput,
    output: diffAnalyzeOutput,
    run: (_ctx, input, tools) => analyze(input, tools, options.thread),
  });
}

/** `diff.analyze` on the calling thread. */
export const diffAnalyzeAction = createDiffAnalyzeAction();

async function analyze(input: DiffAnalyzeInput, { signal, log }: ActionTools, thread: AnalysisThread | undefined): Promise<DiffAnalyzeOutput> {
  signal.throwIfAborted();
  let result: AnalysisResult;
  try {
    result =
      thread && input.diff.length > IN_PROCESS_LIMIT
        ? await thread.analyze(input.diff, input.config, signal)
        : analyzeDiffText(input.diff, input.config);
  } catch (error) {
    if (error instanceof AnalyzerConfigError) throw nonRetryable(error.message, 'invalid_config');
    throw error;
  }
  if (result.stats.files === 0 && input.diff.trim() !== '') {
    log.warn('no file found in the diff text; is it a unified diff?', { bytes: input.diff.length });
  }
  const summary = summarize(result);
  log.info('diff analyzed', {
    files: summary.files,
    errors: summary.errors,
    warnings: summary.warnings,
    infos: summary.infos,
    skippedFiles: summary.skippedFiles.length,
  });
  return { findings: result.findings, summary };
}
