import type { AnalyzerConfig } from '../analysis/config.js';
import type { AnyAction } from '../engine/action.js';
import type { AnalysisThread } from './analysis/analysis-thread.js';
import { httpRequestAction } from './http/request.js';
import { parseAllowList } from '../net/allow-list.js';
import { diffAnalyzeWithDefaults } from './analysis/with-analyzer-defaults.js';
import { labelsMatchAction } from './labels/label-rules.js';
import { reportMarkdownAction } from './report/report-markdown.js';

export interface BuiltinActionOptions {
  analyzer: AnalyzerConfig;
  /** Analyzes large diffs off the calling thread (the server's); without it, `diff.analyze` runs in-process. */
  analysisThread?: AnalysisThread;
  /** Private hosts and CIDRs `http.request` may reach (`api.callbacks.allowHosts`); public hosts need no entry. */
  allowHosts?: readonly string[];
}

/** The actions that need no vendor: available in every deployment (all but `http.request` work offline). */
export function builtinActions(options: BuiltinActionOptions): AnyAction[] {
  return [diffAnalyzeWithDefaults(options.analyzer, options.analysisThread), reportMarkdownAction, labelsMatchAction, httpRequestAction({ allow: parseAllowList(options.allowHosts ?? []) })];
}
