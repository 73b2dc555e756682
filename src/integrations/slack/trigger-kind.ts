import { z } from 'zod';
import { defineTriggerKind, stringList, toList } from '../../engine/trigger-kind.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { Workflow } from '../../engine/workflow.js';

/** `on.slack`, normalized. */
export interface SlackTrigger {
  commands?: string[];
  mentions?: boolean;
}

/** Where a Slack event came from and where to answer: `event.details.slack`. */
export interface SlackEventDetails {
  teamId: string;
  channelId: string;
  /** Who typed the command or mentioned the app (`U…`); also `event.sender.login`. */
  userId: string;
  /** The thread runs report in: a mention's thread (or its own ts); for a slash command, set once the parent message is posted. */
  threadTs?: string;
  /** A slash command's `response_url` (ephemeral answers for 30 minutes). */
  responseUrl?: string;
  /** The text after the command or mention, as typed. */
  text: string;
}

declare module '../../engine/workflow.js' {
  interface WorkflowTriggers {
    slack?: SlackTrigger;
  }
}

declare module '../../engine/trigger-event.js' {
  interface TriggerDetails {
    slack?: SlackEventDetails;
  }
}

const slackBlock = z.strictObject({
  commands: stringList('Slash-command names (`/sdlc review` → `review`).').optional(),
  mentions: z.boolean().meta({ description: 'Run when the app is @-mentioned.' }).optional(),
});

/**
 * `on.slack`: `commands` lists the slash command (`event.command.name`), or `mentions: true` and the event is an
 * `app_mention`. `slack.dispatch` starts the matching workflows (src/integrations/slack/).
 */
export const slackTriggerKind = defineTriggerKind<z.output<typeof slackBlock>, SlackTrigger>({
  name: 'slack',
  description: 'Slack slash commands and mentions.',
  on: slackBlock,
  normalize(block) {
    const trigger: SlackTrigger = {};
    if (block.commands !== undefined) trigger.commands = toList(block.commands);
    if (block.mentions !== undefined) trigger.mentions = block.mentions;
    return trigger;
  },
  matches(trigger, event) {
    const command = event.command?.name;
    return (command !== undefined && (trigger.commands ?? []).includes(command)) || (trigger.mentions === true && event.event === 'app_mention');
  },
  check(block) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return [];
    const { commands, mentions } = block as Record<string, unknown>;
    if (commands !== undefined || mentions === true) return [];
    return [{ path: [], message: 'on.slack matches nothing; list commands or set mentions: true' }];
  },
});

/** The workflows a Slack event starts, through the kind's own matcher. */
export function matchSlackWorkflows(workflows: readonly Workflow[], event: TriggerEvent): Workflow[] {
  if (event.source !== slackTriggerKind.name) return [];
  return workflows.filter((workflow) => workflow.on.slack !== undefined && slackTriggerKind.matches(workflow.on.slack, event));
}
