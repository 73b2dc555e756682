/**
 * What `diff.analyze` computes: parse a diff's text and run the analyzer over it. Pure, so it runs the same
 * on the calling thread and in the analysis worker. Throws `AnalyzerConfigError` for an invalid configuration.
 */
import { analyzeDiff, type AnalysisResult } from '../../analysis/analyze.js';
import type { AnalyzerConfig } from '../../analysis/config.js';
import { parseDiff } from '../../diff/parse-diff.js';

export function analyzeDiffText(diff: string, config?: AnalyzerConfig): AnalysisResult {
  return analyzeDiff(parseDiff(diff), config);
}

/** Messages to the analysis worker: the diff in parts, then `end` (analyze them) or `cancel` (drop them). */
export type AnalysisRequest =
  | { id: number; part: string }
  | { id: number; end: true; config?: AnalyzerConfig }
  | { id: number; cancel: true };

/** The worker's answer to `end`; `invalidConfig` carries an `AnalyzerConfigError`'s message. */
export type AnalysisReply =
  | { id: number; result: AnalysisResult }
  | { id: number; invalidConfig: string }
  | { id: number; error: string };
