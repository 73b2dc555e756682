import { z } from 'zod';
import { defineAction } from '../../../engine/action.js';
import { resolveTarget, requireNumber, type GithubClients } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

/** GitHub lists at most 250 commits of a pull request. */
const GITHUB_COMMIT_LIMIT = 250;

export const prCommitsInput = z.object({
  repo: z.string().optional(),
  number: z.number().int().positive().optional(),
  maxCommits: z.number().int().positive().max(GITHUB_COMMIT_LIMIT).default(GITHUB_COMMIT_LIMIT),
});

export const prCommitsOutput = z.object({
  /** Full commit messages, oldest first (what `jira.issue-keys` reads). */
  messages: z.array(z.string()),
  shas: z.array(z.string()),
  /** More commits than were listed (GitHub's 250 or `maxCommits`). */
  truncated: z.boolean(),
});

/** `github.pr-commits`: the pull request's commits (paginated `pulls.listCommits`), at most 250. */
export function prCommitsAction(clients: GithubClients) {
  return defineAction({
    name: 'github.pr-commits',
    description: "The pull request's commit messages and SHAs, oldest first (at most 250).",
    input: prCommitsInput,
    output: prCommitsOutput,
    async run(ctx, input, { signal }) {
      const target = await resolveTarget(clients, ctx.event, input);
      const pullNumber = requireNumber(target, 'github.pr-commits');
      const commits: { sha: string; commit: { message: string } }[] = [];
      await callGithub('listing the pull request commits', async () => {
        const pages = target.octokit.paginate.iterator(target.octokit.rest.pulls.listCommits, {
          owner: target.owner,
          repo: target.repo,
          pull_number: pullNumber,
          per_page: 100,
          request: { signal },
        });
        for await (const page of pages) {
          commits.push(...page.data);
          if (commits.length >= input.maxCommits) break;
        }
      });
      const listed = commits.slice(0, input.maxCommits);
      const total = (ctx.event?.payload as { pull_request?: { commits?: number } } | undefined)?.pull_request?.commits;
      const truncated = commits.length > input.maxCommits || (total !== undefined && total > listed.length);
      return { messages: listed.map((entry) => entry.commit.message), shas: listed.map((entry) => entry.sha), truncated };
    },
  });
}
