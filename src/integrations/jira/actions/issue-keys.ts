import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { findIssueKeys } from '../issue-keys.js';
import type { JiraConnection } from '../jira-connection.js';

export const jiraIssueKeysInput = z.object({
  title: z.string().optional(),
  branch: z.string().optional(),
  commits: z.array(z.string()).max(1_000).default([]),
});

export const jiraIssueKeysOutput = z.object({ keys: z.array(z.string()), found: z.boolean() });

/**
 * `jira.issue-keys`: the issue keys in a PR's title, branch and commit messages, first seen first, limited to
 * the configured projects (`JIRA_PROJECT_KEYS`). Calls nothing, so it also works without Jira configured.
 */
export function jiraIssueKeysAction(jira: JiraConnection) {
  return defineAction({
    name: 'jira.issue-keys',
    description: 'Finds Jira issue keys (ABC-123) in a title, a branch name and commit messages.',
    input: jiraIssueKeysInput,
    output: jiraIssueKeysOutput,
    run(_ctx, input) {
      const keys = findIssueKeys(input, jira.projectKeys).slice(0, 50);
      return Promise.resolve({ keys, found: keys.length > 0 });
    },
  });
}
