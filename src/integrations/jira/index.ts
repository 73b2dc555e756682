import type { JiraConfig } from '../../config/integrations.js';
import type { Integration, IntegrationDeps } from '../integration.js';
import { jiraCommentAction } from './actions/comment.js';
import { jiraCreateIssueAction } from './actions/create-issue.js';
import { jiraIssueKeysAction } from './actions/issue-keys.js';
import { jiraLinkAction } from './actions/link.js';
import { jiraTransitionAction } from './actions/transition.js';
import { JIRA_SETUP_HINT, jiraConnection } from './jira-connection.js';

/**
 * Jira as the runtime sees it: actions only (`jira.comment`, `jira.transition`, `jira.create-issue`,
 * `jira.link`, `jira.issue-keys`); no trigger and no route. Unconfigured, the actions are still registered,
 * so workflows validate, and each one that would call Jira fails naming what to set.
 */
export function createJiraIntegration(config: JiraConfig, _deps?: IntegrationDeps): Integration {
  const jira = jiraConnection(config);
  return {
    name: 'jira',
    configured: jira.configured,
    setupHint: JIRA_SETUP_HINT,
    actions: [jiraCommentAction(jira), jiraTransitionAction(jira), jiraCreateIssueAction(jira), jiraLinkAction(jira), jiraIssueKeysAction(jira)],
    triggerKinds: [],
    builtinWorkflows: ['jira-sync'],
    routes: () => [],
  };
}
