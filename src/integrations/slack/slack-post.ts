import { z } from 'zod';
import type { SlackConfig } from '../../config/integrations.js';
import { defineAction, type ActionContext } from '../../engine/action.js';
import { nonRetryable } from '../../engine/errors.js';
import { messageFromMarkdown } from './blocks.js';
import type { SlackBlock, SlackClient } from './slack-client.js';

export const slackPostInput = z.object({
  /** Markdown, as for a GitHub comment; converted to Slack mrkdwn (and to sections when it is long). */
  text: z.string().min(1),
  /** Channel id (`C0123ABCD`); defaults to the channel the run came from, then SLACK_CHANNEL. */
  channel: z.string().min(1).optional(),
  /** Reply in the run's Slack thread when the run came from Slack (and posts to that channel). */
  thread: z.boolean().default(true),
  /** `ts` of a message this bot posted: edit it instead of posting a new one. */
  update: z.string().regex(/^\d{1,12}\.\d{1,9}$/, 'a Slack message ts (1700000000.000100)').optional(),
  /** Block Kit blocks sent as they are; `text` is then the notification fallback. */
  blocks: z.array(z.looseObject({ type: z.string() })).min(1).max(50).optional(),
});

export const slackPostOutput = z.object({ channel: z.string(), ts: z.string() });

export interface SlackPostDeps {
  config: SlackConfig;
  client: Pick<SlackClient, 'configured' | 'post' | 'update'>;
  /** The thread a followed run reports in (its parent message, once posted). */
  threadFor(runId: string): Promise<{ channel: string; threadTs: string } | undefined>;
}

/** `slack.post`: posts (or, with `update`, edits) a message, in the run's Slack thread by default. */
export function slackPostAction(deps: SlackPostDeps) {
  return defineAction({
    name: 'slack.post',
    description: 'Posts or updates a Slack message; in the triggering thread when the run came from Slack.',
    input: slackPostInput,
    output: slackPostOutput,
    async run(ctx, input, { signal }) {
      if (!deps.client.configured) throw nonRetryable('slack.post: Slack is not configured; set SLACK_BOT_TOKEN (and SLACK_CHANNEL for a default channel)', 'slack_not_configured');
      const channel = input.channel ?? ctx.event?.details?.slack?.channelId ?? deps.config.channel;
      if (!channel) {
        throw nonRetryable(
          `slack.post in step ${ctx.stepId}: no channel to post to; set \`channel:\` on the step or SLACK_CHANNEL (the run did not come from Slack)`,
          'slack_no_channel',
        );
      }
      const message = input.blocks ? { text: messageFromMarkdown(input.text).text, blocks: input.blocks as SlackBlock[] } : messageFromMarkdown(input.text);
      if (input.update) return deps.client.update({ channel, ts: input.update, ...message }, signal);
      const threadTs = input.thread ? await threadOf(ctx, channel, deps) : undefined;
      return deps.client.post({ channel, ...message, ...(threadTs ? { threadTs } : {}) }, signal);
    },
  });
}

/** The mention's thread, else the parent message the follower posted; only when posting to the run's own channel. */
async function threadOf(ctx: ActionContext, channel: string, deps: SlackPostDeps): Promise<string | undefined> {
  const slack = ctx.event?.source === 'slack' ? ctx.event.details?.slack : undefined;
  if (!slack || slack.channelId !== channel) return undefined;
  if (slack.threadTs) return slack.threadTs;
  const followed = await deps.threadFor(ctx.runId);
  return followed?.channel === channel ? followed.threadTs : undefined;
}
