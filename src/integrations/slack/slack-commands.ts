import { commandTable, type ChatCommand, type ChatOutcome, type CommandReplies, type SubmittedRun } from '../../chatops/index.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { Workflow } from '../../engine/workflow.js';

/** Slack's own built-ins besides the shared `help` and `run`: runs are named by id (there is no current PR). */
const BUILTINS: ChatCommand[] = [
  { name: 'status', usage: 'status <run-id>', description: "a run's status", workflows: [], builtin: true },
  { name: 'cancel', usage: 'cancel <run-id>', description: 'cancel a run', workflows: [], builtin: true },
];

/** The commands `/sdlc` answers in Slack: built-ins, then each `on.slack.commands` of the workflows. */
export function slackCommandTable(workflows: readonly Workflow[]): ChatCommand[] {
  // On Slack a workflow command names its pull request or issue (see `workflowCommand`); help says so.
  return commandTable(workflows, (workflow) => workflow.on.slack?.commands, BUILTINS).map((command) =>
    command.builtin ? command : { ...command, usage: `${command.name} <owner/repo#N or GitHub URL>` },
  );
}

/**
 * `review acme/api#42`: Slack has no current repository the way a pull-request comment has, so a workflow
 * command names one (`owner/repo#N` or a GitHub URL); without it the asker gets the usage, privately.
 * Workflows that need no repository start with `run <workflow>`.
 */
export async function workflowCommand(
  event: TriggerEvent,
  command: ChatCommand,
  prefix: string,
  replies: CommandReplies,
  submitMatching: () => Promise<SubmittedRun[]>,
): Promise<ChatOutcome> {
  if (event.repo === undefined) {
    await replies.privately(`\`${prefix} ${command.name}\` needs a pull request or issue: \`${prefix} ${command.name} owner/repo#123\` or its GitHub URL.`);
    return { outcome: 'replied', reason: 'no repository', runs: [] };
  }
  return { outcome: 'submitted', runs: await submitMatching() };
}
