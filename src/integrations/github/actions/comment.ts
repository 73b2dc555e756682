import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { upsertSticky } from '../rest/upsert-sticky.js';

export const commentInput = z.object({
  body: z.string().min(1),
  /** Which sticky comment: one per key per PR/issue. Defaults to the workflow's name. */
  key: z.string().min(1).optional(),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const commentOutput = z.object({
  commentId: z.number(),
  url: z.string(),
  /** `created`, `updated`, or `unchanged` (same body: no request made). */
  action: z.enum(['created', 'updated', 'unchanged']),
});

/** `github.comment`: the workflow's one comment on the PR or issue, edited in place on every run. */
export function commentAction(clients: GithubClients) {
  return defineAction({
    name: 'github.comment',
    description: 'Creates or updates the sticky comment of this workflow on the pull request or issue.',
    input: commentInput,
    output: commentOutput,
    async run(ctx, input, tools) {
      const target = await resolveTarget(clients, ctx.event, input);
      const issueNumber = requireNumber(target, 'github.comment');
      const result = await upsertSticky(target, issueNumber, input.key ?? ctx.workflow, input.body, tools.signal);
      if (result.action !== 'unchanged') tools.emit('github.comment', { action: result.action, url: result.url });
      return result;
    },
  });
}
