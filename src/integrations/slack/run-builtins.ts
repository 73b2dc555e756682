import type { BuiltinHandler, ChatOutcome, CommandReplies } from '../../chatops/index.js';
import { isFinal, type RunRecord } from '../../engine/run-record.js';

export interface RunBuiltinDeps {
  getRun(id: string): Promise<RunRecord | undefined>;
  cancel(runId: string, reason: string): Promise<RunRecord | undefined>;
  replies: CommandReplies;
  /** The asker's Slack user id, named in the cancel reason. */
  user: string;
  prefix: string;
}

/**
 * Slack's own built-ins: `status <run-id>` (privately) and `cancel <run-id>` (in public: the channel sees who
 * stopped what). A Slack message is not a pull request, so runs are named by id, as the follower's thread shows it.
 */
export function runBuiltins(deps: RunBuiltinDeps): Record<string, BuiltinHandler> {
  return {
    async status(args) {
      const run = await findRun(deps, 'status', args[0]);
      if (!run) return replied('unknown run');
      await deps.replies.privately(runStatusText(run));
      return replied('status');
    },
    async cancel(args) {
      const run = await findRun(deps, 'cancel', args[0]);
      if (!run) return replied('unknown run');
      if (isFinal(run.status)) {
        await deps.replies.privately(`Run \`${run.id}\` (\`${run.workflowName}\`) has already finished: ${run.status}.`);
        return replied('already finished');
      }
      await deps.cancel(run.id, `cancelled by Slack user ${deps.user} with ${deps.prefix} cancel`);
      await deps.replies.reply(`<@${deps.user}> cancelled run \`${run.id}\` (\`${run.workflowName}\`).`);
      return { outcome: 'cancelled', runs: [{ workflow: run.workflowName, runId: run.id, created: false }] };
    },
  };
}

/** One line per fact: workflow and status, the error when it failed. Pure. */
export function runStatusText(run: RunRecord): string {
  const lines = [`Run \`${run.id}\` (\`${run.workflowName}\`): *${run.status}*`];
  if (run.event?.repo) lines.push(`Repository: \`${run.event.repo}${run.event.number !== undefined ? `#${run.event.number}` : ''}\``);
  if (run.error) lines.push(`Error: ${run.error}`);
  return lines.join('\n');
}

async function findRun(deps: RunBuiltinDeps, command: string, id: string | undefined): Promise<RunRecord | undefined> {
  // Run ids are short; anything longer is not one, and is not worth a lookup.
  const run = id && id.length <= 100 ? await deps.getRun(id) : undefined;
  if (!run) {
    const what = id ? `There is no run \`${id}\`.` : 'Which run?';
    await deps.replies.privately(`${what} Usage: \`${deps.prefix} ${command} <run-id>\` (the id is in the run's thread, or \`agentic-sdlc runs list\`).`);
  }
  return run;
}

function replied(reason: string): ChatOutcome {
  return { outcome: 'replied', reason, runs: [] };
}
