import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

export const commitPullsInput = z.object({
  /** The commit (a build's `event.details.jenkins.commit`, for instance). */
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'a commit SHA (7 to 64 hex digits)'),
  /** `owner/name`; default: the event's repository. */
  repo: z.string().optional(),
});

export const commitPullsOutput = z.object({
  /** The pull request to report on: the first open one, else the most recent closed one; absent when none. */
  number: z.int().positive().optional(),
  /** Every pull request that contains the commit, open ones first. */
  numbers: z.array(z.int().positive()),
  /** Title and head branch of `number`: where Jira issue keys are usually written. */
  title: z.string().optional(),
  branch: z.string().optional(),
});

/**
 * `github.commit-pulls`: the pull requests a commit belongs to (`GET /repos/{o}/{r}/commits/{sha}/pulls`), so
 * an event that knows only a commit (a Jenkins build) can report on its PR. Events without an installation
 * (not from GitHub) find it through the repository (`installationFor`).
 */
export function commitPullsAction(clients: GithubClients) {
  return defineAction({
    name: 'github.commit-pulls',
    description: 'Lists the pull requests that contain a commit, open ones first.',
    input: commitPullsInput,
    output: commitPullsOutput,
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const { data } = await callGithub('listing the pull requests of a commit', () =>
        target.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: target.owner, repo: target.repo, commit_sha: input.sha, per_page: 100, request: { signal } }),
      );
      const ordered = [...data.filter((pull) => pull.state === 'open'), ...data.filter((pull) => pull.state !== 'open')];
      const [first] = ordered;
      const numbers = ordered.map((pull) => pull.number);
      return { ...(first ? { number: first.number, title: first.title, branch: first.head.ref } : {}), numbers };
    },
  });
}
