import type { AnalyzerConfig } from '../analysis/config.js';
import type { AnyAction } from '../engine/action.js';
import { diffAnalyzeWithDefaults } from './analysis/with-analyzer-defaults.js';
import { reportMarkdownAction } from './report/report-markdown.js';

export interface BuiltinActionOptions {
  analyzer: AnalyzerConfig;
}

/** The actions that need no vendor and no network: available in every deployment, offline included. */
export function builtinActions(options: BuiltinActionOptions): AnyAction[] {
  return [diffAnalyzeWithDefaults(options.analyzer), reportMarkdownAction];
}
