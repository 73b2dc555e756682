/**
 * The reply port: how a command answers the person who typed it. `privately` is for answers only they need
 * (an ephemeral message on Slack); a surface without private messages (a GitHub comment) answers in public.
 */
export interface CommandReplies {
  reply(text: string): Promise<void>;
  privately(text: string): Promise<void>;
}
