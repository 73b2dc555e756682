import { z } from 'zod';
import { findingSchema } from '../../../analysis/finding.js';
import { parseDiff } from '../../../diff/parse-diff.js';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { planReview, reviewBody } from './review-comments.js';

export const reviewInput = z.object({
  findings: z.array(findingSchema),
  /** The PR's unified diff (`github.pr-diff`'s `diff`): decides which lines can carry a comment. */
  diff: z.string(),
  /** Inline comments per review; the rest go into the review body. */
  maxComments: z.number().int().positive().max(100).default(50),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const reviewOutput = z.object({
  reviewId: z.number().nullable(),
  comments: z.number(),
  outside: z.number(),
  duplicates: z.number(),
});

/**
 * `github.review`: one review with the findings as inline comments on the exact diff lines. Findings a
 * previous run already posted are skipped; with nothing new to say, no review is posted at all.
 */
export function reviewAction(clients: GithubClients) {
  return defineAction({
    name: 'github.review',
    description: 'Posts findings as inline comments on the changed lines, in one pull-request review.',
    input: reviewInput,
    output: reviewOutput,
    async run(ctx, input, { signal, log }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const pullNumber = requireNumber(target, 'github.review');
      const where = { owner: target.owner, repo: target.repo, pull_number: pullNumber, request: { signal } };
      const located = input.findings.some((finding) => finding.line !== undefined);
      const existing = located
        ? await callGithub('listing review comments', () => target.octokit.paginate(target.octokit.rest.pulls.listReviewComments, { ...where, per_page: 100 }))
        : [];
      const plan = planReview(input.findings, parseDiff(input.diff), existing.map((comment) => comment.body), input.maxComments);
      log.info('review planned', { comments: plan.comments.length, outside: plan.outside.length, duplicates: plan.duplicates });
      if (plan.comments.length === 0) return { reviewId: null, comments: 0, outside: plan.outside.length, duplicates: plan.duplicates };
      const headSha = (ctx.event?.payload as { pull_request?: { head?: { sha?: string } } } | undefined)?.pull_request?.head?.sha;
      const { data } = await callGithub('posting the review', () =>
        target.octokit.rest.pulls.createReview({
          ...where,
          ...(headSha ? { commit_id: headSha } : {}),
          event: 'COMMENT',
          body: reviewBody(plan),
          comments: plan.comments,
        }),
      );
      return { reviewId: data.id, comments: plan.comments.length, outside: plan.outside.length, duplicates: plan.duplicates };
    },
  });
}
