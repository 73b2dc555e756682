import type { CommandReplies } from '../../chatops/index.js';

/** What replying needs of the Slack Web API client (egress's `SlackClient` is one). */
export interface SlackReplyClient {
  post(message: { channel: string; text: string; threadTs?: string }, signal?: AbortSignal): Promise<{ channel: string; ts: string }>;
  ephemeral(message: { channel: string; user: string; text: string; threadTs?: string }, signal?: AbortSignal): Promise<unknown>;
}

export interface ReplyTarget {
  channelId: string;
  userId: string;
  /** A mention's thread: public replies go there. A slash command has none: they go to the channel. */
  threadTs?: string | undefined;
}

/**
 * The reply port on Slack: public answers in the thread the command came from (or the channel), private ones
 * as an ephemeral message only the asker sees, in the same place.
 */
export function slackReplies(client: SlackReplyClient, to: ReplyTarget, signal?: AbortSignal): CommandReplies {
  const thread = to.threadTs ? { threadTs: to.threadTs } : {};
  return {
    async reply(text) {
      await client.post({ channel: to.channelId, text, ...thread }, signal);
    },
    async privately(text) {
      await client.ephemeral({ channel: to.channelId, user: to.userId, text, ...thread }, signal);
    },
  };
}
