import { Version2Client, Version3Client, type Config as JiraJsConfig } from 'jira.js';
import { jiraAuthentication } from '../../integrations/jira/jira-client.js';
import { JIRA_SETUP_HINT } from '../../integrations/jira/jira-connection.js';
import { jiraError } from '../../integrations/jira/jira-error.js';
import { fail, off, ok, withDeadline, type Check } from './check.js';

const NAME = 'Jira';

/**
 * JIRA_HOST with a way to sign in (JIRA_EMAIL + JIRA_API_TOKEN for Jira Cloud, JIRA_PAT for Data Center);
 * then who that is, as the `jira.*` actions would ask: `GET /rest/api/3/myself` on Cloud, `/rest/api/2/myself`
 * with a personal access token (Data Center has no v3).
 */
export const jiraCheck: Check = async ({ config, network, timeoutMs }) => {
  const { host, email, apiToken, personalAccessToken } = config.jira;
  if (!host && !email && !apiToken && !personalAccessToken) return [off(NAME, `not configured: ${JIRA_SETUP_HINT}`)];
  if (!host) return [fail(NAME, 'JIRA_HOST not set', 'set it to the Jira base URL (https://acme.atlassian.net, or the Data Center URL)')];
  const authentication = jiraAuthentication(config.jira);
  if (!authentication) {
    const half = email ? 'JIRA_EMAIL is set without JIRA_API_TOKEN' : apiToken ? 'JIRA_API_TOKEN is set without JIRA_EMAIL' : 'no credentials';
    return [fail(NAME, half, JIRA_SETUP_HINT)];
  }
  const cloud = 'basic' in authentication;
  const flavour = cloud ? 'REST v3, email and API token' : 'REST v2, personal access token';
  const base = host.replace(/\/+$/, '');
  if (!network) return [ok(NAME, `${base} (${flavour}) (not contacted: --offline)`)];
  try {
    const user = await withDeadline(timeoutMs, (signal) => {
      const options = { host: base, authentication, baseRequestConfig: { signal, timeout: timeoutMs } } as JiraJsConfig;
      // The same call in both versions; typed as v3's (v2's user has `name` too).
      const client = (cloud ? new Version3Client(options) : new Version2Client(options)) as Version3Client;
      return client.myself.getCurrentUser<{ displayName?: string; emailAddress?: string; name?: string; accountId?: string }>();
    });
    const who = user.displayName ?? user.emailAddress ?? user.name ?? user.accountId ?? '?';
    return [ok(NAME, `signed in to ${base} as ${who} (${flavour})`)];
  } catch (error) {
    const failure = jiraError(error, base);
    const refused = failure.code === 'jira_401' || failure.code === 'jira_403';
    const tokenFix = cloud ? 'make an API token at id.atlassian.com → Security → API tokens, for the account JIRA_EMAIL names' : 'make a personal access token in Jira → Profile → Personal Access Tokens';
    return [fail(NAME, failure.message, refused ? tokenFix : 'check JIRA_HOST and the network path to Jira (proxy, firewall)')];
  }
};
