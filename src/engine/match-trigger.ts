import picomatch from 'picomatch';
import type { TriggerEvent } from './trigger-event.js';
import type { GithubEventFilter, Workflow } from './workflow.js';

/**
 * Whether `event` starts `workflow`, by the workflow's `on:` block. Filters combine with AND; a filter
 * that is absent does not restrict.
 *
 * GitHub: `on.github[event.event]` must exist, then
 * - `types`: `event.action` is listed;
 * - `branches`: `event.branch` matches the globs (`!pattern` excludes, the last matching pattern wins,
 *   as in GitHub Actions); an event without a branch does not match;
 * - `paths`: at least one of `event.paths` matches the globs the same way. An event that carries no
 *   paths is not excluded: pull-request webhooks do not list changed files, so the trigger may not
 *   know them yet;
 * - `labels`: for `labeled`, the label just added is listed; otherwise any of `event.labels` is;
 * - `commands`: the event's `/sdlc <command>` is listed, so a comment without a command never matches.
 *
 * Slack: `commands` lists the slash command, or `mentions: true` and the event is an `app_mention`.
 * Jenkins: `status` lists the build result (case-insensitive) and `job` globs match the job name.
 * API and manual: `on.api` / `on.manual` is set. (The CLI also runs workflows by name, regardless of `on`.)
 */
export function matchesTrigger(workflow: Workflow, event: TriggerEvent): boolean {
  const on = workflow.on;
  switch (event.source) {
    case 'github': {
      const filter = on.github && Object.hasOwn(on.github, event.event) ? on.github[event.event] : undefined;
      return filter !== undefined && matchesGithub(filter, event);
    }
    case 'slack': {
      if (!on.slack) return false;
      const command = event.command?.name;
      return (command !== undefined && (on.slack.commands ?? []).includes(command)) || (on.slack.mentions === true && event.event === 'app_mention');
    }
    case 'jenkins': {
      if (!on.jenkins) return false;
      const { status, job } = on.jenkins;
      if (status && !(event.status !== undefined && status.some((s) => s.toUpperCase() === event.status?.toUpperCase()))) return false;
      if (job && !(event.job !== undefined && globsInclude(job, event.job))) return false;
      return true;
    }
    case 'api':
      return on.api === true;
    case 'manual':
      return on.manual !== undefined && on.manual !== false;
  }
}

export function matchWorkflows(workflows: readonly Workflow[], event: TriggerEvent): Workflow[] {
  return workflows.filter((workflow) => matchesTrigger(workflow, event));
}

function matchesGithub(filter: GithubEventFilter, event: TriggerEvent): boolean {
  if (filter.types && !(event.action !== undefined && filter.types.includes(event.action))) return false;
  if (filter.branches && !(event.branch !== undefined && globsInclude(filter.branches, event.branch))) return false;
  if (filter.paths && event.paths && event.paths.length > 0 && !event.paths.some((path) => globsInclude(filter.paths!, path))) return false;
  if (filter.labels) {
    const labels = event.action === 'labeled' ? (event.label === undefined ? [] : [event.label]) : (event.labels ?? []);
    if (!labels.some((label) => filter.labels!.includes(label))) return false;
  }
  if (filter.commands && !(event.command !== undefined && filter.commands.includes(event.command.name))) return false;
  return true;
}

/**
 * GitHub's include/exclude rule: patterns apply in order and the last one that matches decides;
 * `!pattern` excludes. A list of only exclusions includes everything else.
 */
function globsInclude(patterns: readonly string[], value: string): boolean {
  let included = patterns.every((pattern) => pattern.startsWith('!'));
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matcher(negated ? pattern.slice(1) : pattern)(value)) included = !negated;
  }
  return included;
}

const matchers = new Map<string, (value: string) => boolean>();

function matcher(glob: string): (value: string) => boolean {
  let match = matchers.get(glob);
  if (!match) {
    // `dot` so `.github/**` and `**` reach dotfiles, as GitHub's path filters do.
    match = picomatch(glob, { dot: true });
    if (matchers.size >= 1_000) matchers.clear();
    matchers.set(glob, match);
  }
  return match;
}
