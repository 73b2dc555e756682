import type { AnalyzerConfig } from '../../analysis/config.js';
import { defineAction } from '../../engine/action.js';
import type { AnalysisThread } from './analysis-thread.js';
import { createDiffAnalyzeAction } from './diff-analyze.js';

/**
 * `diff.analyze` with the deployment's analyzer settings (config.yaml `analyzer:`) underneath whatever a
 * workflow or repository passes in `with.config`: ignore globs add up, rule settings of the step win.
 * With `thread`, large diffs are analyzed there instead of on the calling thread.
 */
export function diffAnalyzeWithDefaults(defaults: AnalyzerConfig, thread?: AnalysisThread) {
  const diffAnalyzeAction = createDiffAnalyzeAction(thread ? { thread } : {});
  return defineAction({
    ...diffAnalyzeAction,
    run: (ctx, input, tools) => diffAnalyzeAction.run(ctx, { ...input, config: mergeAnalyzerConfig(defaults, input.config) }, tools),
  });
}

export function mergeAnalyzerConfig(base: AnalyzerConfig, override: AnalyzerConfig | undefined): AnalyzerConfig {
  if (!override) return base;
  const ignore = [...(base.ignore ?? []), ...(override.ignore ?? [])];
  return {
    ...(ignore.length ? { ignore } : {}),
    rules: { ...base.rules, ...override.rules },
  };
}
