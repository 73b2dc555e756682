import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import type { FeedbackStore } from '../../../engine/ports/feedback-store.js';
import { resolveTarget, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';
import { ourFingerprint, type ReviewCommentView } from './feedback-comments.js';

/** How slim-payload.ts ends a body it cut. */
const CLIPPED = /more characters not stored by agentic-sdlc\]$/;

interface ThreadPayload {
  thread?: { comments?: ReviewCommentView[] };
  sender?: { login?: string };
}

/**
 * `github.thread-resolved`: a `pull_request_review_thread.resolved` on one of our finding comments whose line
 * still exists means "seen, not changing it": the finding is suppressed for the repository. A thread whose
 * `line` is null is outdated (a later push changed that line): the author fixed it, and nothing is learned.
 */
export function threadResolvedAction(clients: GithubClients, feedback: FeedbackStore, now: () => number = Date.now) {
  return defineAction({
    name: 'github.thread-resolved',
    description: "Remembers a finding as rejected when its review thread is resolved without a change to its line.",
    input: z.object({}),
    output: z.object({ suppressed: z.string().nullable(), reason: z.string() }),
    async run(ctx, _input, { signal, log }) {
      const payload = (ctx.event?.payload ?? {}) as ThreadPayload;
      const first = payload.thread?.comments?.[0];
      if (!first) return { suppressed: null, reason: 'no thread in the event' };
      if (first.line === null || first.line === undefined) return { suppressed: null, reason: 'outdated thread: its line changed since' };
      let fingerprint = ourFingerprint(first);
      // The stored payload cuts long bodies (slim-payload.ts), marker included: read that comment whole.
      if (fingerprint === undefined && first.user?.type === 'Bot' && CLIPPED.test(first.body ?? '')) {
        const target = await resolveTarget(clients, ctx.event);
        const { data } = await callGithub('reading the review comment', () =>
          target.octokit.rest.pulls.getReviewComment({ owner: target.owner, repo: target.repo, comment_id: first.id, request: { signal } }),
        );
        fingerprint = ourFingerprint(data);
      }
      if (fingerprint === undefined) return { suppressed: null, reason: 'not a finding comment of this App' };
      const repo = ctx.event?.repo;
      if (!repo) return { suppressed: null, reason: 'no repository in the event' };
      const detail = `${first.html_url ?? `review comment ${first.id}`} resolved by @${payload.sender?.login ?? 'unknown'}`;
      const added = await feedback.addSuppression(repo, { fingerprint, reason: 'resolved-unchanged', detail, at: now() });
      log.info('resolved thread remembered', { fingerprint, added });
      return { suppressed: fingerprint, reason: added ? 'resolved without a change' : 'already suppressed' };
    },
  });
}
