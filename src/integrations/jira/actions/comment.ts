import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { issueKeys, keyList, type JiraConnection } from '../jira-connection.js';
import { forEachIssue } from './for-each-issue.js';

/** Jira keeps comments under 32,767 characters; the Markdown is cut at a line below that, with a note. */
const MAX_MARKDOWN = 30_000;

export const jiraCommentInput = z.object({
  issue: issueKeys,
  /** The same Markdown a PR comment gets; sent as ADF to Jira Cloud, as text to Data Center. */
  markdown: z.string().min(1),
});

export const jiraCommentOutput = z.object({
  comments: z.array(z.object({ issue: z.string(), id: z.string(), url: z.string() })),
});

/** `jira.comment`: one comment per issue (POST /rest/api/3/issue/{key}/comment). */
export function jiraCommentAction(jira: JiraConnection) {
  return defineAction({
    name: 'jira.comment',
    description: 'Comments on Jira issues; the Markdown becomes an Atlassian Document Format body.',
    input: jiraCommentInput,
    output: jiraCommentOutput,
    async run(_ctx, input, { signal, log }) {
      const api = jira.api(signal, 'jira.comment');
      const markdown = cutMarkdown(input.markdown);
      const comments = await forEachIssue(keyList(input.issue), false, async (issue) => {
        const { id } = await api.addComment(issue, markdown);
        return { issue, id, url: `${jira.browseUrl(issue)}?focusedCommentId=${id}` };
      });
      log.info('jira comments added', { issues: comments.map((comment) => comment.issue) });
      return { comments };
    },
  });
}

export function cutMarkdown(markdown: string): string {
  if (markdown.length <= MAX_MARKDOWN) return markdown;
  const cut = markdown.lastIndexOf('\n', MAX_MARKDOWN);
  return `${markdown.slice(0, cut > 0 ? cut : MAX_MARKDOWN)}\n\n_… cut: longer than a Jira comment may be._`;
}
