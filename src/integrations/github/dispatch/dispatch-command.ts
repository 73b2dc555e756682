import type { ActionTools } from '../../../engine/action.js';
import { InputError } from '../../../engine/inputs.js';
import { isFinal } from '../../../engine/run-record.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { decideCommandAccess, permissionLevel } from './command-access.js';
import { helpText, refusalText, unknownCommandText } from './command-replies.js';
import { GITHUB_DISPATCH_WORKFLOW } from './dispatch-workflow.js';
import type { RepoConfig } from '../repo-config/repo-config.js';
import { inputsFor } from './select-workflows.js';
import type { Target } from '../rest/clients.js';
import type { DispatchDeps, DispatchOutput } from './dispatch-output.js';
import { callGithub, rethrowGithub } from '../rest/github-error.js';
import { resubmitRun } from './resubmit-run.js';
import type { SubmittedRun } from './run-control.js';

export interface CommandContext extends DispatchDeps {
  target: Target;
  config: RepoConfig;
  event: TriggerEvent;
  tools: ActionTools;
  submitMatching(event: TriggerEvent, explicit?: Record<string, unknown>): Promise<SubmittedRun[]>;
}

/** `/sdlc <command>`: checks who asks, acknowledges with a reaction, then answers or starts runs. */
export async function handleCommand(c: CommandContext): Promise<DispatchOutput> {
  const command = c.event.command!;
  const login = c.event.sender?.login ?? 'unknown';
  const decision = await decideCommandAccess(c.config.commands, login, command.name, (user) => permissionOf(c.target, user, c.tools.signal));
  if (!decision.allowed) {
    c.tools.log.info('command refused', { command: command.name, sender: login, reason: decision.reason });
    await reply(c, refusalText(login, command.name, c.commandPrefix, decision, c.config.commands.permission));
    return { outcome: 'refused', reason: decision.reason, runs: [] };
  }
  await react(c);
  const enabled = c.workflows().filter((workflow) => workflow.name !== GITHUB_DISPATCH_WORKFLOW && c.config.workflows[workflow.name]?.enabled !== false);
  switch (command.name) {
    case 'help':
      await reply(c, helpText(c.commandPrefix, enabled));
      return { outcome: 'replied', reason: 'help', runs: [] };
    case 'run':
      return runNamed(c, command.args, enabled);
    case 'rerun':
      return rerun(c);
    case 'cancel':
      return cancel(c);
    default: {
      const runs = await c.submitMatching(c.event);
      if (runs.length > 0) return { outcome: 'submitted', runs };
      await reply(c, unknownCommandText(command.name, c.commandPrefix));
      return { outcome: 'replied', reason: 'unknown command', runs: [] };
    }
  }
}

async function runNamed(c: CommandContext, args: string[], enabled: { name: string }[]): Promise<DispatchOutput> {
  const [name, ...pairs] = args;
  const workflow = c.workflows().find((candidate) => candidate.name === name && enabled.includes(candidate));
  if (!name || !workflow) {
    const known = enabled.map((w) => `\`${w.name}\``).join(', ') || 'none';
    await reply(c, `${name ? `There is no workflow \`${name}\` here.` : 'Which workflow?'} Usage: \`${c.commandPrefix} run <workflow> [key=value ...]\`; workflows: ${known}.`);
    return { outcome: 'replied', reason: 'unknown workflow', runs: [] };
  }
  const explicit: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      await reply(c, `\`${pair}\` is not \`key=value\`. Usage: \`${c.commandPrefix} run ${name} [key=value ...]\`.`);
      return { outcome: 'replied', reason: 'bad argument', runs: [] };
    }
    explicit[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  try {
    const { run, created } = await c.runs.submit(workflow, {
      event: c.event,
      inputs: inputsFor(workflow, c.config, explicit),
      ...(c.event.deliveryId ? { idempotencyKey: `${c.event.deliveryId}:${workflow.name}` } : {}),
    });
    return { outcome: 'submitted', runs: [{ workflow: workflow.name, runId: run.id, created }] };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await reply(c, `Cannot run \`${name}\`:\n\n${error.problems.map((problem) => `- ${problem}`).join('\n')}`);
    return { outcome: 'replied', reason: 'bad inputs', runs: [] };
  }
}

async function rerun(c: CommandContext): Promise<DispatchOutput> {
  const latest = new Map<string, Awaited<ReturnType<CommandContext['runs']['runsFor']>>[number]>();
  for (const run of await runsHere(c)) if (!latest.has(run.workflowName)) latest.set(run.workflowName, run);
  if (latest.size === 0) {
    await reply(c, 'Nothing to run again: no earlier run here.');
    return { outcome: 'replied', reason: 'nothing to rerun', runs: [] };
  }
  const runs: SubmittedRun[] = [];
  for (const previous of latest.values()) runs.push(await resubmitRun(c.runs, previous, c.event.deliveryId));
  return { outcome: 'submitted', runs };
}

async function cancel(c: CommandContext): Promise<DispatchOutput> {
  const active = (await runsHere(c)).filter((run) => !isFinal(run.status));
  for (const run of active) await c.runs.cancel(run.id, `cancelled by @${c.event.sender?.login ?? 'unknown'} with ${c.commandPrefix} cancel`);
  await reply(c, active.length ? `Cancelled ${active.length} run${active.length === 1 ? '' : 's'}: ${active.map((run) => `\`${run.workflowName}\``).join(', ')}.` : 'Nothing to cancel.');
  return { outcome: 'cancelled', runs: active.map((run) => ({ workflow: run.workflowName, runId: run.id, created: false })) };
}

async function runsHere(c: CommandContext) {
  if (c.target.number === undefined || !c.event.repo) return [];
  return (await c.runs.runsFor(c.event.repo, c.target.number)).filter((run) => run.workflowName !== GITHUB_DISPATCH_WORKFLOW);
}

async function permissionOf(target: Target, username: string, signal: AbortSignal) {
  try {
    const { data } = await target.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: target.owner, repo: target.repo, username, request: { signal } });
    return permissionLevel(data);
  } catch (error) {
    // Not a collaborator at all.
    if ((error as { status?: number }).status === 404) return 'none';
    return rethrowGithub(error, 'reading the commenter permission');
  }
}

async function reply(c: CommandContext, body: string): Promise<void> {
  if (c.target.number === undefined) return;
  const issueNumber = c.target.number;
  await callGithub('replying to the command', () =>
    c.target.octokit.rest.issues.createComment({ owner: c.target.owner, repo: c.target.repo, issue_number: issueNumber, body, request: { signal: c.tools.signal } }),
  );
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
