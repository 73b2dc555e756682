import { Version2Client, Version3Client, type Config as JiraJsConfig } from 'jira.js';
import type { JiraConfig } from '../../config/integrations.js';
import { markdownToAdf } from './adf.js';
import { callJira } from './jira-error.js';

/**
 * The few Jira calls the `jira.*` actions make, over jira.js 5. Jira Cloud (email + API token, basic auth)
 * speaks REST v3, whose bodies are ADF documents built from the Markdown. Jira Data Center has no v3: with a
 * personal access token (sent as `Authorization: Bearer`, jira.js's `oauth2.accessToken`) the calls go to REST
 * v2, which takes the Markdown as text. Each call is bound to the step's abort signal and names itself in errors.
 */
export interface JiraApi {
  readonly flavour: 'cloud' | 'datacenter';
  addComment(issue: string, markdown: string): Promise<{ id: string }>;
  transitions(issue: string): Promise<{ id: string; name: string; to: string }[]>;
  doTransition(issue: string, transitionId: string): Promise<void>;
  status(issue: string): Promise<string | undefined>;
  createIssue(fields: { project: string; type: string; summary: string; markdown: string; labels: string[] }): Promise<{ id: string; key: string }>;
  remoteLink(issue: string, link: { globalId: string; url: string; title: string; summary?: string | undefined }): Promise<{ id: number }>;
}

/** Whether the settings are enough to call Jira (`configured` of the integration). */
export function jiraAuthentication(config: JiraConfig): JiraJsConfig['authentication'] | undefined {
  if (config.email && config.apiToken) return { basic: { email: config.email, apiToken: config.apiToken } };
  if (config.personalAccessToken) return { oauth2: { accessToken: config.personalAccessToken } };
  return undefined;
}

export function jiraApi(config: JiraConfig & { host: string }, signal: AbortSignal): JiraApi {
  const authentication = jiraAuthentication(config)!;
  // A client per step: its abort signal goes with every request (jira.js's methods take none of their own).
  const options = { host: config.host, authentication, baseRequestConfig: { signal } } as JiraJsConfig;
  const cloud = 'basic' in authentication;
  // Typed as v3: the calls below have the same parameters in v2, except bodies, which are text there.
  const client = (cloud ? new Version3Client(options) : new Version2Client(options)) as Version3Client;
  const version = cloud ? 3 : 2;
  const text = (markdown: string) => (cloud ? markdownToAdf(markdown) : markdown);
  return {
    flavour: cloud ? 'cloud' : 'datacenter',
    async addComment(issue, markdown) {
      const comment = await callJira(`commenting on ${issue}`, () =>
        client.issueComments.addComment({ issueIdOrKey: issue, comment: text(markdown) }),
      );
      return { id: String(comment.id) };
    },
    async transitions(issue) {
      const found = await callJira(`listing the transitions of ${issue}`, () => client.issues.getTransitions({ issueIdOrKey: issue }));
      return (found.transitions ?? []).map((transition) => ({ id: String(transition.id), name: transition.name ?? '', to: transition.to?.name ?? '' }));
    },
    async doTransition(issue, transitionId) {
      await callJira(`moving ${issue}`, () => client.issues.doTransition({ issueIdOrKey: issue, transition: { id: transitionId } }));
    },
    async status(issue) {
      const found = await callJira(`reading the status of ${issue}`, () => client.issues.getIssue({ issueIdOrKey: issue, fields: ['status'] }));
      return (found.fields as { status?: { name?: string } } | undefined)?.status?.name;
    },
    async createIssue({ project, type, summary, markdown, labels }) {
      const fields = { project: { key: project }, issuetype: { name: type }, summary, description: text(markdown), ...(labels.length ? { labels } : {}) };
      const created = await callJira(`creating a ${type} in ${project} (REST v${version})`, () => client.issues.createIssue({ fields }));
      return { id: String(created.id), key: created.key };
    },
    async remoteLink(issue, { globalId, url, title, summary }) {
      const object = { url, title, ...(summary ? { summary } : {}) };
      const link = await callJira(`linking ${issue} to ${url}`, () => client.issueRemoteLinks.createOrUpdateRemoteIssueLink({ issueIdOrKey: issue, globalId, object }));
      return { id: Number(link.id) };
    },
  };
}
