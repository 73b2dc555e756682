import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { nonRetryable } from '../../../engine/errors.js';
import type { JiraApi } from '../jira-client.js';
import { issueKeys, keyList, type JiraConnection } from '../jira-connection.js';
import { forEachIssue } from './for-each-issue.js';

export const jiraTransitionInput = z.object({
  issue: issueKeys,
  /** Target status name (or transition name), any case. Empty: the configured status for `status`. */
  to: z.string().default(''),
  /** Which configured status (`jira.statuses` of the server configuration) to use when `to` is empty. */
  status: z.enum(['in-review', 'done']).optional(),
});

const moved = z.object({ issue: z.string(), changed: z.boolean(), status: z.string() });
export const jiraTransitionOutput = z.object({ changed: z.boolean(), issues: z.array(moved) });

/**
 * `jira.transition`: moves each issue to a status by name. An issue already there is left as it is
 * (`changed: false`); a status no transition leads to fails with the transitions that are available.
 */
export function jiraTransitionAction(jira: JiraConnection) {
  return defineAction({
    name: 'jira.transition',
    description: 'Moves Jira issues to a status (by name), through the transition that leads there.',
    input: jiraTransitionInput,
    output: jiraTransitionOutput,
    async run(_ctx, input, { signal, log }) {
      const target = input.to.trim() || (input.status === 'in-review' ? jira.statuses.inReview : input.status === 'done' ? jira.statuses.done : '');
      if (!target) throw nonRetryable('jira.transition: no target status: set `to` (a status name) or `status: in-review | done`', 'no_status');
      const api = jira.api(signal, 'jira.transition');
      const issues = await forEachIssue(keyList(input.issue), true, (issue) => transition(api, issue, target));
      log.info('jira issues moved', { to: target, issues: issues.map((entry) => `${entry.issue}${entry.changed ? '' : ' (unchanged)'}`) });
      return { changed: issues.some((entry) => entry.changed), issues };
    },
  });
}

async function transition(api: JiraApi, issue: string, target: string): Promise<z.infer<typeof moved>> {
  const wanted = target.toLowerCase();
  const transitions = await api.transitions(issue);
  // The status it leads to first: transition names ("Start review") are often not status names.
  const chosen = transitions.find((entry) => entry.to.toLowerCase() === wanted) ?? transitions.find((entry) => entry.name.toLowerCase() === wanted);
  if (chosen) {
    await api.doTransition(issue, chosen.id);
    return { issue, changed: true, status: chosen.to || target };
  }
  const current = await api.status(issue);
  if (current?.toLowerCase() === wanted) return { issue, changed: false, status: current };
  const available = transitions.length ? transitions.map((entry) => `"${entry.name}" (to ${entry.to})`).join(', ') : 'none';
  throw nonRetryable(
    `jira.transition: ${issue} cannot move to "${target}" from "${current ?? 'its status'}": available transitions: ${available}. Check the status name (jira.statuses in the configuration, or the workflow's inputs)`,
    'transition_unavailable',
  );
}
