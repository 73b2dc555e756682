import { z } from 'zod';
import type { AnalysisResult } from './analyze.js';

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
  return {
    files: stats.files,
    additions: stats.additions,
    deletions: stats.deletions,
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    infos: findings.filter((finding) => finding.severity === 'info').length,
    skippedFiles: stats.skippedFiles,
  };
}
