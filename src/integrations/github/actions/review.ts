import { z } from 'zod';
import { confidenceSchema, findingSchema } from '../../../analysis/finding.js';
import { parseDiff } from '../../../diff/parse-diff.js';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { planReview, reviewBody } from './review-comments.js';

export const reviewInput = z.object({
  findings: z.array(findingSchema),
  /** The PR's unified diff (`github.pr-diff`'s `diff`): decides which lines can carry a comment. */
  diff: z.string(),
  /** Inline comments per review at most (`review.maxInlineComments`); the rest go into the review body. */
  maxComments: z.number().int().min(0).max(100).default(10),
  /** Findings below this confidence go into the review body (`review.minConfidence`); analyzer findings count as `high`. */
  minConfidence: confidenceSchema.default('high'),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const reviewOutput = z.object({
  reviewId: z.number().nullable(),
  comments: z.number(),
  outside: z.number(),
  duplicates: z.number(),
  /** Findings on a diff line left out of the inline comments for their confidence, or for the cap. */
  belowThreshold: z.number(),
  overCap: z.number(),
});

/**
 * `github.review`: one review with the findings as inline comments on the exact diff lines, a model's fix as
 * a committable suggestion where that is safe. Findings a previous run already posted are skipped; those
 * below `minConfidence` or beyond `maxComments` are listed in the review body; with no inline comment to
 * make, no review is posted at all.
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
      const plan = planReview(input.findings, parseDiff(input.diff), existing.map((comment) => comment.body), {
        maxComments: input.maxComments,
        minConfidence: input.minConfidence,
      });
      const counts = {
        comments: plan.comments.length,
        outside: plan.outside.length,
        duplicates: plan.duplicates,
        belowThreshold: plan.belowThreshold.length,
        overCap: plan.overCap.length,
      };
      log.info('review planned', counts);
      // Nothing inline: no review at all (the sticky report lists every finding).
      if (plan.comments.length === 0) return { reviewId: null, ...counts };
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
      return { reviewId: data.id, ...counts };
    },
  });
}
