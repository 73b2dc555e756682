import { z } from 'zod';
import { globsInclude } from '../../engine/globs.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import { defineTriggerKind, stringList, toList } from '../../engine/trigger-kind.js';
import type { Workflow } from '../../engine/workflow.js';

/** One event's filters under `on.github`, normalized to lists. */
export interface GithubEventFilter {
  types?: string[];
  branches?: string[];
  paths?: string[];
  labels?: string[];
  /** `/sdlc <command>` names, for `issue_comment`. */
  commands?: string[];
}

/** `on.github`, normalized: webhook event name → its filters. */
export type GithubTriggers = Record<string, GithubEventFilter>;

declare module '../../engine/workflow.js' {
  interface WorkflowTriggers {
    github?: GithubTriggers;
  }
}

/** Webhook events a `on.github` block may name. */
export const GITHUB_EVENTS = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'code_scanning_alert',
  'commit_comment',
  'create',
  'delete',
  'dependabot_alert',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_review_thread',
  'pull_request_target',
  'push',
  'release',
  'repository_dispatch',
  'secret_scanning_alert',
  'security_advisory',
  'status',
  'workflow_dispatch',
  'workflow_job',
  'workflow_run',
] as const;

const FILTER_KEYS = ['types', 'branches', 'paths', 'labels', 'commands'] as const;

const githubFilter = z
  .strictObject({
    types: stringList('Event actions to run on (`opened`, `labeled`, …); any when absent.').optional(),
    branches: stringList('Branch globs the target branch must match; `!pattern` excludes.').optional(),
    paths: stringList(
      'File globs; runs when any changed file matches (`!pattern` excludes). Ignored when the event does not carry changed files.',
    ).optional(),
    labels: stringList('Labels, one of which the issue or pull request must carry (for `labeled`: the added label).').optional(),
    commands: stringList('`/sdlc <command>` names a comment must invoke.').optional(),
  })
  .nullable()
  .meta({ id: 'githubEventFilter', description: 'Filters for this event; an empty value runs on every event of this kind.' });

const githubBlock = z
  .strictObject(
    Object.fromEntries(GITHUB_EVENTS.map((event) => [event, githubFilter.optional()])) as Record<
      (typeof GITHUB_EVENTS)[number],
      z.ZodOptional<typeof githubFilter>
    >,
  )
  .meta({ description: 'GitHub webhook events, keyed by event name.' });

/**
 * `on.github`: GitHub webhook events (`source: 'github'`, `event` the webhook name). Filters combine with AND;
 * a filter that is absent does not restrict. `on.github[event.event]` must exist, then
 * - `types`: `event.action` is listed;
 * - `branches`: `event.branch` matches the globs (`!pattern` excludes, the last matching pattern wins,
 *   as in GitHub Actions); an event without a branch does not match;
 * - `paths`: at least one of `event.paths` matches the globs the same way. An event that carries no
 *   paths is not excluded: pull-request webhooks do not list changed files, so the trigger may not
 *   know them yet;
 * - `labels`: for `labeled`, the label just added is listed; otherwise any of `event.labels` is;
 * - `commands`: the event's `/sdlc <command>` is listed, so a comment without a command never matches.
 */
export const githubTriggerKind = defineTriggerKind<z.output<typeof githubBlock>, GithubTriggers>({
  name: 'github',
  description: 'GitHub webhook events, keyed by event name.',
  on: githubBlock,
  normalize(block) {
    const github: GithubTriggers = {};
    for (const [event, filter] of Object.entries(block)) {
      if (filter === undefined) continue;
      const normalized: GithubEventFilter = {};
      for (const key of FILTER_KEYS) {
        const value = filter?.[key];
        if (value !== undefined) normalized[key] = toList(value);
      }
      github[event] = normalized;
    }
    return github;
  },
  matches(triggers, event) {
    const filter = Object.hasOwn(triggers, event.event) ? triggers[event.event] : undefined;
    return filter !== undefined && matchesGithubFilter(filter, event);
  },
});

/** Whether a GitHub event passes one event's filters (the event name is already known to match). */
export function matchesGithubFilter(filter: GithubEventFilter, event: TriggerEvent): boolean {
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

/** The GitHub workflows among `workflows` that `event` (a GitHub event) starts. */
export function matchGithubWorkflows(workflows: readonly Workflow[], event: TriggerEvent): Workflow[] {
  if (event.source !== githubTriggerKind.name) return [];
  return workflows.filter((workflow) => workflow.on.github !== undefined && githubTriggerKind.matches(workflow.on.github, event));
}
