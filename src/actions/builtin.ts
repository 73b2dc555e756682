import type { AnalyzerConfig } from '../analysis/config.js';
import type { AnyAction } from '../engine/action.js';
import type { AnalysisThread } from './analysis/analysis-thread.js';
import { diffAnalyzeWithDefaults } from './analysis/with-analyzer-defaults.js';
import { labelsMatchAction } from './labels/label-rules.js';
import { reportMarkdownAction } from './report/report-markdown.js';

export interface BuiltinActionOptions {
  analyzer: AnalyzerConfig;
  /** Analyzes large diffs off the calling thread (the server's); without it, `diff.analyze` runs in-process. */
  analysisThread?: AnalysisThread;
}

/** The actions that need no vendor and no network: available in every deployment, offline included. */
export function builtinActions(options: BuiltinActionOptions): AnyAction[] {
  return [diffAnalyzeWithDefaults(options.analyzer, options.analysisThread), reportMarkdownAction, labelsMatchAction];
}
