import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

export const issueContextInput = z.object({
  /** How many recent open issues to return, newest first, for duplicate detection. */
  recent: z.int().min(0).max(100).default(30),
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
  /** Also read the issue itself (title, body): for events that name it without its text, such as `/sdlc triage` in Slack. */
  fetchIssue: z.boolean().default(false),
});

export const issueContextOutput = z.object({
  labels: z.array(z.object({ name: z.string(), description: z.string().nullable() })),
  recentIssues: z.array(z.object({ number: z.int().positive(), title: z.string(), body: z.string().nullable() })),
  /** The issue itself, with `fetchIssue`; otherwise null. Its body is whole: triage reads all of it. */
  issue: z.object({ number: z.int().positive(), title: z.string(), body: z.string().nullable() }).nullable(),
});

/** Bodies are cut: duplicates are recognized by title and opening, and prompts stay small. */
const BODY_LIMIT = 500;

/**
 * `github.issue-context`: what a triage step needs to know about the repository: its labels (the only ones
 * it may apply) and recent open issues (candidates for duplicates), excluding the issue itself and PRs.
 */
export function issueContextAction(clients: GithubClients) {
  return defineAction({
    name: 'github.issue-context',
    description: "Lists the repository's labels and its recent open issues, for triage.",
    input: issueContextInput,
    output: issueContextOutput,
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const where = { owner: target.owner, repo: target.repo, request: { signal } };
      // First: a wrong issue number fails before the listings are paid for.
      const issue =
        input.fetchIssue && target.number !== undefined
          ? (await callGithub('reading the issue', () => target.octokit.rest.issues.get({ ...where, issue_number: target.number! }))).data
          : undefined;
      const labels = await callGithub('listing repository labels', () =>
        target.octokit.paginate(target.octokit.rest.issues.listLabelsForRepo, { ...where, per_page: 100 }),
      );
      const issues =
        input.recent === 0
          ? []
          : (
              await callGithub('listing recent issues', () =>
                target.octokit.rest.issues.listForRepo({ ...where, state: 'open', sort: 'created', direction: 'desc', per_page: Math.min(100, input.recent + 1) }),
              )
            ).data;
      return {
        issue: issue ? { number: issue.number, title: issue.title, body: issue.body ?? null } : null,
        labels: labels.map((label) => ({ name: label.name, description: label.description ?? null })),
        recentIssues: issues
          .filter((issue) => !issue.pull_request && issue.number !== target.number)
          .slice(0, input.recent)
          .map((issue) => ({ number: issue.number, title: issue.title, body: issue.body ? issue.body.slice(0, BODY_LIMIT) : null })),
      };
    },
  });
}
