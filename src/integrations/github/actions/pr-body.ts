import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { nonRetryable } from '../../../engine/errors.js';
import { upsertSection } from '../../../report/body-section.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

/** GitHub's limit for a PR body. */
const MAX_BODY_LENGTH = 65_536;

export const prBodyInput = z.object({
  /** Markdown for agentic-sdlc's own section of the PR body. */
  section: z.string().min(1),
  /** Names the section, so several workflows can each keep one. */
  key: z.string().regex(/^[\w-]+$/).default('describe'),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
});

export const prBodyOutput = z.object({ updated: z.boolean(), url: z.string() });

/**
 * `github.pr-body`: writes a generated section into the pull request's description, between hidden markers,
 * leaving the author's text alone. It reads the body right before writing, so an edit made while the
 * run was going is kept.
 */
export function prBodyAction(clients: GithubClients) {
  return defineAction({
    name: 'github.pr-body',
    description: "Replaces (or appends) agentic-sdlc's section of the pull request description.",
    input: prBodyInput,
    output: prBodyOutput,
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const number = requireNumber(target, 'github.pr-body');
      const where = { owner: target.owner, repo: target.repo, pull_number: number, request: { signal } };
      const { data: pr } = await callGithub('reading the pull request', () => target.octokit.rest.pulls.get(where));
      const body = upsertSection(pr.body, input.key, input.section);
      if (body === (pr.body ?? '')) return { updated: false, url: pr.html_url };
      if (body.length > MAX_BODY_LENGTH) throw nonRetryable(`the description would be ${body.length} characters, over GitHub's ${MAX_BODY_LENGTH}`, 'body_too_long');
      await callGithub('updating the pull request description', () => target.octokit.rest.pulls.update({ ...where, body }));
      return { updated: true, url: pr.html_url };
    },
  });
}
