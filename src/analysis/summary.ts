import { z } from 'zod';
import type { AnalysisResult } from './analyze.js';
import type { Finding } from './finding.js';

const count = z.number().int().nonnegative();

/** The counts a report shows: the diff's size, findings by severity, and the files no rule read. */
export const analysisSummarySchema = z.object({
  files: count,
  additions: count,
  deletions: count,
  errors: count,
  warnings: count,
  infos: count,
  skippedFiles: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type AnalysisSummary = z.infer<typeof analysisSummarySchema>;

export function summarize({ findings, stats }: AnalysisResult): AnalysisSummary {
  return withCounts({ files: stats.files, additions: stats.additions, deletions: stats.deletions, skippedFiles: stats.skippedFiles }, findings);
}

/**
 * The one place findings are counted: a summary's diff figures with its severity counts taken from
 * `findings`, so counts always equal the list they describe (after an AI review merged its findings in).
 */
export function withCounts(
  diff: Omit<AnalysisSummary, 'errors' | 'warnings' | 'infos'>,
  findings: readonly Pick<Finding, 'severity'>[],
): AnalysisSummary {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return { ...diff, errors: counts.error, warnings: counts.warning, infos: counts.info };
}
