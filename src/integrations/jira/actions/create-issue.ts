import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import type { JiraConnection } from '../jira-connection.js';

export const jiraCreateIssueInput = z.object({
  /** Project key (`ABC`). */
  project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'a Jira project key such as ABC'),
  /** Issue type name as the project knows it: `Task`, `Bug`, `Story`, ... */
  type: z.string().min(1).default('Task'),
  summary: z.string().min(1).max(255),
  /** Markdown; an ADF document for Jira Cloud. */
  description: z.string().default(''),
  labels: z.array(z.string().regex(/^\S+$/, 'a Jira label (no spaces)')).default([]),
});

export const jiraCreateIssueOutput = z.object({ key: z.string(), id: z.string(), url: z.string() });

/** `jira.create-issue`: POST /rest/api/3/issue with project, type, summary, description and labels. */
export function jiraCreateIssueAction(jira: JiraConnection) {
  return defineAction({
    name: 'jira.create-issue',
    description: 'Creates a Jira issue (project, type, summary, Markdown description, labels).',
    input: jiraCreateIssueInput,
    output: jiraCreateIssueOutput,
    async run(_ctx, input, { signal, log }) {
      const api = jira.api(signal, 'jira.create-issue');
      const { id, key } = await api.createIssue({ ...input, summary: input.summary.replace(/\s+/g, ' ').trim(), markdown: input.description });
      log.info('jira issue created', { key });
      return { key, id, url: jira.browseUrl(key) };
    },
  });
}
