import { commandTable } from '../../../chatops/command-table.js';
import type { CommandReplies } from '../../../chatops/replies.js';
import { runChatCommand } from '../../../chatops/run-command.js';
import type { ActionTools } from '../../../engine/action.js';
import { isFinal } from '../../../engine/run-record.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import type { Workflow } from '../../../engine/workflow.js';
import { repoCommandAccess } from './command-access.js';
import { GITHUB_BUILTINS, githubCommandsOf, issueCommentReplies } from './command-replies.js';
import { GITHUB_DISPATCH_WORKFLOW } from './dispatch-workflow.js';
import type { RepoConfig } from '../repo-config/repo-config.js';
import { inputsFor } from './select-workflows.js';
import type { Target } from '../rest/clients.js';
import type { DispatchDeps, DispatchOutput } from './dispatch-output.js';
import { resubmitRun } from './resubmit-run.js';
import type { SubmittedRun } from './run-control.js';

export interface CommandContext extends DispatchDeps {
  target: Target;
  config: RepoConfig;
  event: TriggerEvent;
  tools: ActionTools;
  submitMatching(event: TriggerEvent, explicit?: Record<string, unknown>): Promise<SubmittedRun[]>;
}

/**
 * `/sdlc <command>` in a comment, through the shared chat-command runner: GitHub brings the access rules
 * (repository configuration, collaborator permission), the 👀 reaction once accepted, comment replies, and
 * the `rerun`/`cancel` built-ins that act on this PR or issue.
 */
export async function handleCommand(c: CommandContext): Promise<DispatchOutput> {
  const replies = issueCommentReplies(c.target, c.tools.signal);
  const enabled = c.workflows().filter((workflow) => workflow.name !== GITHUB_DISPATCH_WORKFLOW && c.config.workflows[workflow.name]?.enabled !== false);
  return runChatCommand({
    command: c.event.command!,
    user: c.event.sender?.login ?? 'unknown',
    prefix: c.commandPrefix,
    access: repoCommandAccess(c.config.commands, c.target, c.commandPrefix),
    replies,
    table: commandTable(enabled, githubCommandsOf, GITHUB_BUILTINS),
    workflows: enabled,
    submit: (workflow, explicit) => submitNamed(c, workflow, explicit),
    builtins: { rerun: () => rerun(c, replies), cancel: () => cancel(c, replies) },
    submitMatching: () => c.submitMatching(c.event),
    accepted: () => react(c),
    signal: c.tools.signal,
    log: c.tools.log,
  });
}

/** `/sdlc run <workflow>`: that workflow, with the repository's configured inputs under the explicit ones. */
async function submitNamed(c: CommandContext, workflow: Workflow, explicit: Record<string, unknown>): Promise<SubmittedRun> {
  const { run, created } = await c.runs.submit(workflow, {
    event: c.event,
    inputs: inputsFor(workflow, c.config, explicit),
    ...(c.event.deliveryId ? { idempotencyKey: `${c.event.deliveryId}:${workflow.name}` } : {}),
  });
  return { workflow: workflow.name, runId: run.id, created };
}

async function rerun(c: CommandContext, replies: CommandReplies): Promise<DispatchOutput> {
  const latest = new Map<string, Awaited<ReturnType<CommandContext['runs']['runsFor']>>[number]>();
  for (const run of await runsHere(c)) if (!latest.has(run.workflowName)) latest.set(run.workflowName, run);
  if (latest.size === 0) {
    await replies.reply('Nothing to run again: no earlier run here.');
    return { outcome: 'replied', reason: 'nothing to rerun', runs: [] };
  }
  const runs: SubmittedRun[] = [];
  for (const previous of latest.values()) runs.push(await resubmitRun(c.runs, previous, c.event.deliveryId));
  return { outcome: 'submitted', runs };
}

async function cancel(c: CommandContext, replies: CommandReplies): Promise<DispatchOutput> {
  const active = (await runsHere(c)).filter((run) => !isFinal(run.status));
  for (const run of active) await c.runs.cancel(run.id, `cancelled by @${c.event.sender?.login ?? 'unknown'} with ${c.commandPrefix} cancel`);
  await replies.reply(active.length ? `Cancelled ${active.length} run${active.length === 1 ? '' : 's'}: ${active.map((run) => `\`${run.workflowName}\``).join(', ')}.` : 'Nothing to cancel.');
  return { outcome: 'cancelled', runs: active.map((run) => ({ workflow: run.workflowName, runId: run.id, created: false })) };
}

async function runsHere(c: CommandContext) {
  if (c.target.number === undefined || !c.event.repo) return [];
  return (await c.runs.runsFor(c.event.repo, c.target.number)).filter((run) => run.workflowName !== GITHUB_DISPATCH_WORKFLOW);
}

/** 👀 on the command comment: seen and accepted. A failure here is not worth failing the command for. */
async function react(c: CommandContext): Promise<void> {
  const commentId = (c.event.payload as { comment?: { id?: number } }).comment?.id;
  if (commentId === undefined) return;
  try {
    await c.target.octokit.rest.reactions.createForIssueComment({ owner: c.target.owner, repo: c.target.repo, comment_id: commentId, content: 'eyes', request: { signal: c.tools.signal } });
  } catch (error) {
    c.tools.log.warn('could not add a reaction', { status: (error as { status?: number }).status });
  }
}
