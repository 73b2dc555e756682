import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { issueKeys, keyList, type JiraConnection } from '../jira-connection.js';
import { forEachIssue } from './for-each-issue.js';

export const jiraLinkInput = z.object({
  issue: issueKeys,
  url: z.url({ protocol: /^https?$/ }),
  /** Cut to Jira's 255 characters. */
  title: z.string().min(1).transform((title) => (title.length > 255 ? `${title.slice(0, 254)}…` : title)),
  summary: z.string().max(255).optional(),
  /** Names the link for updates: a second run with the same id changes the link instead of adding one. Default: from the URL. */
  globalId: z.string().min(1).max(255).optional(),
});

export const jiraLinkOutput = z.object({
  globalId: z.string(),
  links: z.array(z.object({ issue: z.string(), id: z.number() })),
});

/** `jira.link`: a remote link (POST /rest/api/3/issue/{key}/remotelink), created or updated by its global id. */
export function jiraLinkAction(jira: JiraConnection) {
  return defineAction({
    name: 'jira.link',
    description: 'Links Jira issues to a URL (a pull request); re-runs update the same link.',
    input: jiraLinkInput,
    output: jiraLinkOutput,
    async run(_ctx, input, { signal }) {
      const api = jira.api(signal, 'jira.link');
      const globalId = input.globalId ?? linkGlobalId(input.url);
      const links = await forEachIssue(keyList(input.issue), true, async (issue) => ({
        issue,
        ...(await api.remoteLink(issue, { globalId, url: input.url, title: input.title, summary: input.summary })),
      }));
      return { globalId, links };
    },
  });
}

/** The same URL always gives the same id; Jira caps global ids at 255 characters, so long URLs are hashed. */
export function linkGlobalId(url: string): string {
  const id = `agentic-sdlc:${url}`;
  return id.length <= 255 ? id : `agentic-sdlc:sha256:${createHash('sha256').update(url).digest('hex')}`;
}
