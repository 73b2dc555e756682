import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { MAX_COMMENT_LENGTH } from '../rest/sticky-comment.js';

export const issueCommentInput = z.object({
  body: z.string().min(1).max(MAX_COMMENT_LENGTH),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

/** `github.issue-comment`: a new comment each time (replies, notices). For a report that updates, use `github.comment`. */
export function issueCommentAction(clients: GithubClients) {
  return defineAction({
    name: 'github.issue-comment',
    description: 'Posts a new comment on the pull request or issue.',
    input: issueCommentInput,
    output: z.object({ commentId: z.number(), url: z.string() }),
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const issueNumber = requireNumber(target, 'github.issue-comment');
      const { data } = await callGithub('creating the comment', () =>
        target.octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: issueNumber, body: input.body, request: { signal } }),
      );
      return { commentId: data.id, url: data.html_url };
    },
  });
}
