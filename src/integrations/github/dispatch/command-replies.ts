import type { ChatCommand, CommandsOf } from '../../../chatops/command-table.js';
import type { CommandReplies } from '../../../chatops/replies.js';
import type { Target } from '../rest/clients.js';
import { callGithub } from '../rest/github-error.js';

/**
 * How `/sdlc` answers on GitHub: a comment on the PR or issue. A comment cannot be private, so `privately`
 * comments too. Without a PR or issue there is nowhere to answer, and nothing is said.
 */
export function issueCommentReplies(target: Target, signal: AbortSignal): CommandReplies {
  const reply = async (body: string): Promise<void> => {
    if (target.number === undefined) return;
    const issueNumber = target.number;
    await callGithub('replying to the command', () =>
      target.octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: issueNumber, body, request: { signal } }),
    );
  };
  return { reply, privately: reply };
}

/** GitHub's own built-ins, beside the shared `help` and `run`: they act on the PR or issue commented on. */
export const GITHUB_BUILTINS: readonly ChatCommand[] = [
  { name: 'rerun', usage: 'rerun', description: "run this pull request's or issue's last workflows again", workflows: [], builtin: true },
  { name: 'cancel', usage: 'cancel', description: 'cancel its runs in progress', workflows: [], builtin: true },
];

/** The `/sdlc` commands a workflow answers in comments: `on.github.issue_comment.commands`. */
export const githubCommandsOf: CommandsOf = (workflow) => workflow.on.github?.issue_comment?.commands;
