import { z } from 'zod';
import { analyzeDiff } from '../../analysis/analyze.js';
import { AnalyzerConfigError, analyzerConfigSchema } from '../../analysis/config.js';
import { findingSchema } from '../../analysis/finding.js';
import { analysisSummarySchema, summarize } from '../../analysis/summary.js';
import { parseDiff } from '../../diff/parse-diff.js';
import { defineAction, type ActionTools } from '../../engine/action.js';
import { nonRetryable } from '../../engine/errors.js';

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

export const diffAnalyzeAction = defineAction({
  name: 'diff.analyze',
  description: 'Offline checks of a unified diff: secrets, conflict markers, debug leftovers, TODOs, size, lockfiles, missing tests.',
  input: diffAnalyzeInput,
  output: diffAnalyzeOutput,
  run(_ctx, input, tools) {
    // The work is synchronous; the executor turns a throw into a rejection, as callers of run() expect.
    return new Promise((resolve) => resolve(analyze(input, tools)));
  },
});

function analyze(input: DiffAnalyzeInput, { signal, log }: ActionTools): DiffAnalyzeOutput {
  signal.throwIfAborted();
  const files = parseDiff(input.diff);
  if (files.length === 0 && input.diff.trim() !== '') {
    log.warn('no file found in the diff text; is it a unified diff?', { bytes: input.diff.length });
  }
  let result;
  try {
    result = analyzeDiff(files, input.config);
  } catch (error) {
    if (error instanceof AnalyzerConfigError) throw nonRetryable(error.message, 'invalid_config');
    throw error;
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
