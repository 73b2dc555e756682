import { z } from 'zod';
import type { JiraConfig } from '../../config/integrations.js';
import { nonRetryable } from '../../engine/errors.js';
import { jiraApi, jiraAuthentication, type JiraApi } from './jira-client.js';

/** What the `jira.*` actions share: the settings, a client per step, and the form of an issue key. */
export interface JiraConnection {
  readonly configured: boolean;
  readonly projectKeys: readonly string[];
  readonly statuses: JiraConfig['statuses'];
  /** A client bound to the step's signal; throws naming the variables to set when Jira is not configured. */
  api(signal: AbortSignal, action: string): JiraApi;
  /** `https://acme.atlassian.net/browse/ABC-1`. */
  browseUrl(key: string): string;
}

export const JIRA_SETUP_HINT =
  'set JIRA_HOST, with JIRA_EMAIL and JIRA_API_TOKEN for Jira Cloud or JIRA_PAT (a personal access token) for Jira Data Center';

export function jiraConnection(config: JiraConfig): JiraConnection {
  const host = config.host?.replace(/\/+$/, '');
  const configured = host !== undefined && jiraAuthentication(config) !== undefined;
  return {
    configured,
    projectKeys: config.projectKeys,
    statuses: config.statuses,
    api(signal, action) {
      if (!configured || !host) throw nonRetryable(`${action}: Jira is not configured: ${JIRA_SETUP_HINT}; see docs/jira.md`, 'jira_not_configured');
      return jiraApi({ ...config, host }, signal);
    },
    browseUrl: (key) => `${host ?? ''}/browse/${key}`,
  };
}

/**
 * An issue key as Jira writes it. Also what keeps a key from reaching the request path as anything else
 * (jira.js puts it into the URL as it is).
 */
export const issueKey = z.string().regex(/^[A-Z][A-Z0-9_]+-[1-9]\d{0,14}$/, 'a Jira issue key such as ABC-123');

/** One key, or a list of them (what `jira.issue-keys` finds); at most 50 per step. */
export const issueKeys = z
  .union([issueKey, z.array(issueKey).max(50)])
  .describe('An issue key (ABC-123), or a list of them: the step acts on each, in order.');

export function keyList(value: string | readonly string[]): string[] {
  return [...new Set(typeof value === 'string' ? [value] : value)];
}
