import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import type { FeedbackStore } from '../../../engine/ports/feedback-store.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { collectFeedback } from './feedback-comments.js';

export const reviewFeedbackOutput = z.object({
  /** The repository's learned instructions (`/sdlc learn`), oldest first. */
  learned: z.array(z.string()),
  /** Every fingerprint suppressed for the repository, this pull request's new 👎 included. */
  suppressed: z.array(z.string()),
  /** Human replies under our finding comments on this pull request. */
  threads: z.array(
    z.object({
      file: z.string(),
      line: z.number().optional(),
      finding: z.string(),
      replies: z.array(z.object({ author: z.string(), body: z.string() })),
    }),
  ),
});

/**
 * `github.review-feedback`: before a review, what reviewers said about the last one. One listing of the pull
 * request's review comments (each carries its reaction counts, so no call per comment): our comments with a 👎
 * are remembered as suppressed for the repository (GitHub sends no webhook for reactions, so they are read
 * here), and human replies under them become threads for the prompt.
 */
export function reviewFeedbackAction(clients: GithubClients, feedback: FeedbackStore, now: () => number = Date.now) {
  return defineAction({
    name: 'github.review-feedback',
    description: "Reads 👎 reactions and replies on the bot's review comments; returns the repository's learned instructions and suppressed findings.",
    input: z.object({ repo: z.string().optional(), number: z.number().int().positive().optional() }),
    output: reviewFeedbackOutput,
    async run(ctx, input, { signal, log }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const pullNumber = requireNumber(target, 'github.review-feedback');
      const repo = `${target.owner}/${target.repo}`;
      const comments = await callGithub('listing review comments', () =>
        target.octokit.paginate(target.octokit.rest.pulls.listReviewComments, { owner: target.owner, repo: target.repo, pull_number: pullNumber, per_page: 100, request: { signal } }),
      );
      const found = collectFeedback(comments);
      let recorded = 0;
      for (const { fingerprint, detail } of found.thumbsDown) {
        if (await feedback.addSuppression(repo, { fingerprint, reason: 'thumbs-down', detail, at: now() })) recorded++;
      }
      const [learned, suppressed] = await Promise.all([feedback.listInstructions(repo), feedback.listSuppressions(repo)]);
      log.info('review feedback read', { comments: comments.length, newlySuppressed: recorded, suppressed: suppressed.length, threads: found.threads.length, learned: learned.length });
      return { learned: learned.map((line) => line.text), suppressed: suppressed.map((entry) => entry.fingerprint), threads: found.threads };
    },
  });
}
