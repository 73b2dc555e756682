import { z } from 'zod';
import { runChatCommand, type SubmittedRun } from '../../chatops/index.js';
import type { SlackConfig } from '../../config/integrations.js';
import { defineAction } from '../../engine/action.js';
import type { Engine } from '../../engine/engine.js';
import { errorMessage, nonRetryable } from '../../engine/errors.js';
import type { RunRecord } from '../../engine/run-record.js';
import type { Workflow } from '../../engine/workflow.js';
import { runBuiltins } from './run-builtins.js';
import { slackAccess } from './slack-access.js';
import { slackCommandTable, workflowCommand } from './slack-commands.js';
import { slackReplies, type SlackReplyClient } from './slack-replies.js';
import { matchSlackWorkflows } from './trigger-kind.js';

export interface SlackDispatchDeps {
  config: SlackConfig;
  client: SlackReplyClient & { usergroupMembers(groupId: string): Promise<string[]> };
  engine: Pick<Engine, 'submit' | 'cancel'>;
  getRun(id: string): Promise<RunRecord | undefined>;
  workflows(): readonly Workflow[];
  installedOn(repo: string): Promise<boolean>;
}

const outcome = z.object({
  outcome: z.enum(['submitted', 'replied', 'refused', 'cancelled', 'ignored']),
  reason: z.string().optional(),
  runs: z.array(z.object({ workflow: z.string(), runId: z.string(), created: z.boolean() })),
});

/**
 * `slack.dispatch`: the background half of a slash command or mention. Runs the shared chat command (access,
 * help, `run`, `status`, `cancel`, workflow commands) with Slack's ports. Children are keyed
 * `<delivery id>:<workflow>`, so a dispatch that is run again never starts a workflow twice.
 */
export function slackDispatchAction(deps: SlackDispatchDeps) {
  return defineAction({
    name: 'slack.dispatch',
    description: 'Routes a Slack slash command or mention to the command it names (internal).',
    input: z.object({}).strict(),
    output: outcome,
    async run(ctx, _input, tools) {
      const event = ctx.event;
      const slack = event?.details?.slack;
      const command = event?.command;
      if (!event || event.source !== 'slack' || !slack || !command) throw nonRetryable('slack.dispatch needs a Slack command event', 'no_event');
      // The loaded workflows only: internal ones (slack-dispatch, github-dispatch) are built in code, never listed.
      const workflows = deps.workflows();
      const replies = slackReplies(deps.client, { channelId: slack.channelId, userId: slack.userId, threadTs: slack.threadTs }, tools.signal);
      const prefix = event.event === 'app_mention' ? '@agentic-sdlc' : deps.config.command;
      const submit = async (workflow: Workflow, inputs: Record<string, unknown>): Promise<SubmittedRun> => {
        const { run, created } = await deps.engine.submit(workflow, { event, inputs, idempotencyKey: `${event.deliveryId}:${workflow.name}` });
        tools.log.info(created ? 'workflow run submitted' : 'workflow run already exists', { workflow: workflow.name, childRunId: run.id });
        return { workflow: workflow.name, runId: run.id, created };
      };
      const submitMatching = async (): Promise<SubmittedRun[]> => {
        const runs: SubmittedRun[] = [];
        for (const workflow of matchSlackWorkflows(workflows, event)) runs.push(await submit(workflow, {}));
        return runs;
      };
      const table = slackCommandTable(workflows);
      // Workflow commands answer as built-ins, to ask for the repository when none is named.
      const workflowCommands = Object.fromEntries(
        table.filter((entry) => !entry.builtin).map((entry) => [entry.name, () => workflowCommand(event, entry, prefix, replies, submitMatching)]),
      );
      const builtins = runBuiltins({ getRun: (id) => deps.getRun(id), cancel: (id, reason) => deps.engine.cancel(id, reason), replies, user: slack.userId, prefix });
      const access = slackAccess({ access: deps.config.access, command: prefix, channelId: slack.channelId, repo: event.repo, installedOn: (repo) => deps.installedOn(repo), usergroupMembers: (id) => deps.client.usergroupMembers(id) });
      try {
        const result = await runChatCommand({
          command,
          user: slack.userId,
          prefix,
          access,
          replies,
          table,
          workflows,
          submit,
          submitMatching,
          builtins: { ...workflowCommands, ...builtins },
          format: 'mrkdwn',
          signal: tools.signal,
          log: tools.log,
        });
        return { ...result };
      } catch (error) {
        // The asker would otherwise see nothing: this run has no thread. Best effort; the run fails either way.
        await replies.privately(`\`${prefix} ${command.name}\` failed: ${errorMessage(error)}`).catch(() => undefined);
        throw error;
      }
    },
  });
}
