import picomatch from 'picomatch';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import type { Workflow } from '../../../engine/workflow.js';
import type { RepoConfig } from '../repo-config/repo-config.js';
import { matchesGithubFilter, matchGithubWorkflows } from '../trigger-kind.js';

/**
 * The workflows an event starts in a repository: those whose `on:` matches, minus those the repository's
 * configuration turns off or filters out by labels and paths. Paths only filter when the event carries them.
 */
export function selectWorkflows(workflows: readonly Workflow[], event: TriggerEvent, config: RepoConfig): Workflow[] {
  if (!config.enabled) return [];
  const matched = new Set(matchGithubWorkflows(workflows, event));
  if (isTriggerLabel(event, config)) {
    for (const workflow of workflows) if (listensIgnoringTypes(workflow, event)) matched.add(workflow);
  }
  return workflows.filter((workflow) => matched.has(workflow)).filter((workflow) => {
    const settings = config.workflows[workflow.name];
    if (!settings) return true;
    if (!settings.enabled) return false;
    if (settings.labels) {
      const labels = new Set([...(event.labels ?? []), ...(event.label ? [event.label] : [])]);
      if (!settings.labels.some((label) => labels.has(label))) return false;
    }
    if (settings.paths && event.paths && !event.paths.some((path) => globsInclude(settings.paths!, path))) return false;
    return true;
  });
}

/** A `labeled` event whose label is one of the repository's trigger labels for that event. */
export function isTriggerLabel(event: TriggerEvent, config: RepoConfig): boolean {
  if (event.action !== 'labeled' || !event.label) return false;
  const labels = event.event === 'pull_request' ? config.triggerLabels.pullRequests : event.event === 'issues' ? config.triggerLabels.issues : [];
  return labels.includes(event.label);
}

/** The workflow listens to this event at all; its `types` and `labels` filters are set aside, the others apply. */
function listensIgnoringTypes(workflow: Workflow, event: TriggerEvent): boolean {
  if (event.source !== 'github') return false;
  const filter = workflow.on.github && Object.hasOwn(workflow.on.github, event.event) ? workflow.on.github[event.event] : undefined;
  if (!filter) return false;
  const { types: _types, labels: _labels, ...rest } = filter;
  return matchesGithubFilter(rest, event);
}

/** Whether deciding needs the PR's changed paths: a candidate filters on paths and the event has none. */
export function needsPaths(candidates: readonly Workflow[], event: TriggerEvent, config: RepoConfig): boolean {
  if (event.paths) return false;
  return candidates.some((workflow) => workflow.on.github?.[event.event]?.paths !== undefined || config.workflows[workflow.name]?.paths !== undefined);
}

/**
 * Inputs from the repository configuration, for the inputs a workflow declares: `workflows.<name>.inputs`,
 * `analyzer` → input `analyzer`, `llm.model` (with `llm.provider` as its prefix) → input `model`, `llm.instructions` →
 * input `instructions`, `review.minConfidence` / `review.maxInlineComments` → the inputs of those names. Explicit values
 * (`/sdlc run x key=value`) win.
 */
export function inputsFor(workflow: Workflow, config: RepoConfig, explicit: Record<string, unknown> = {}): Record<string, unknown> {
  const fromConfig: Record<string, unknown> = {
    ...(config.analyzer ? { analyzer: config.analyzer } : {}),
    ...(config.llm?.model ? { model: modelRef(config.llm.provider, config.llm.model) } : {}),
    ...(config.llm?.instructions ? { instructions: config.llm.instructions } : {}),
    ...(config.review ? { minConfidence: config.review.minConfidence, maxInlineComments: config.review.maxInlineComments } : {}),
  };
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...fromConfig, ...config.workflows[workflow.name]?.inputs })) {
    if (key in workflow.inputs) inputs[key] = value;
  }
  return { ...inputs, ...explicit };
}

/** `provider: anthropic` + `model: claude-sonnet-4-6` → `anthropic:claude-sonnet-4-6`, the form steps take. */
function modelRef(provider: string | undefined, model: string): string {
  return provider && !model.includes(':') ? `${provider}:${model}` : model;
}

/** GitHub's include/exclude rule: patterns apply in order, the last match decides, `!` excludes. */
function globsInclude(patterns: readonly string[], value: string): boolean {
  let included = patterns.every((pattern) => pattern.startsWith('!'));
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (picomatch.isMatch(value, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}
