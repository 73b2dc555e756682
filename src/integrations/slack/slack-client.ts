import type { types } from '@slack/bolt';
import { ErrorCode, WebClient, type FetchFunction } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config/integrations.js';
import { systemClock, type Clock } from '../../engine/clock.js';
import { nonRetryable, StepError } from '../../engine/errors.js';
import { ChannelPacer } from './egress-pacing.js';
import { slackError } from './egress-slack-error.js';
import { quietSlackLogger } from './egress-slack-logger.js';

/** A Block Kit block, as `@slack/web-api` types it. */
export type SlackBlock = types.KnownBlock | types.Block;

export interface SlackMessage {
  channel: string;
  text: string;
  blocks?: SlackBlock[];
  threadTs?: string;
}

/** Attempts per call when Slack keeps answering 429: the first try and three waits of `Retry-After`. */
const MAX_ATTEMPTS = 4;
/** Longest `Retry-After` honoured; a longer one fails the call instead of holding the channel for minutes. */
const MAX_RETRY_AFTER_MS = 120_000;
const GROUP_CACHE_MS = 5 * 60_000;
const MAX_CACHED_GROUPS = 200;

/**
 * The bot's side of Slack's Web API: post, update, ephemeral, user-group members. Every message goes through a
 * per-channel pace (`minPostIntervalMs`), a 429's `Retry-After` is waited out on the injected clock and holds
 * that channel's queue, and failures become errors that name the fix. The SDK's own retries are off so that
 * this class alone decides when to try again; the token is only ever in the SDK's Authorization header.
 */
export class SlackClient {
  readonly configured: boolean;
  private readonly web: WebClient;
  private readonly clock: Clock;
  private readonly pacer: ChannelPacer;
  private readonly groups = new Map<string, { members: string[]; at: number }>();

  constructor(options: { config: SlackConfig; logger: Logger; clock?: Clock; fetch?: FetchFunction }) {
    const { config } = options;
    this.configured = config.botToken !== undefined;
    this.clock = options.clock ?? systemClock;
    this.pacer = new ChannelPacer(this.clock, config.minPostIntervalMs);
    this.web = new WebClient(config.botToken, {
      slackApiUrl: config.apiUrl,
      logger: quietSlackLogger(options.logger),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 30_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** `chat.postMessage`; a reply when `threadTs` is set. */
  async post(message: SlackMessage, signal?: AbortSignal): Promise<{ channel: string; ts: string }> {
    const { channel, text, blocks, threadTs } = message;
    const result = await this.call('chat.postMessage', channel, signal, () =>
      this.web.chat.postMessage({ channel, text, ...(blocks ? { blocks } : {}), ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
    return { channel: result.channel ?? channel, ts: result.ts ?? '' };
  }

  /** `chat.update` of a message this bot posted. */
  async update(message: { channel: string; ts: string; text: string; blocks?: SlackBlock[] }, signal?: AbortSignal): Promise<{ channel: string; ts: string }> {
    const { channel, ts, text, blocks } = message;
    const result = await this.call('chat.update', channel, signal, () => this.web.chat.update({ channel, ts, text, ...(blocks ? { blocks } : {}) }));
    return { channel: result.channel ?? channel, ts: result.ts ?? ts };
  }

  /** `chat.postEphemeral`: only `user` sees it. */
  async ephemeral(message: SlackMessage & { user: string }, signal?: AbortSignal): Promise<void> {
    const { channel, user, text, blocks, threadTs } = message;
    await this.call('chat.postEphemeral', channel, signal, () =>
      this.web.chat.postEphemeral({ channel, user, text, ...(blocks ? { blocks } : {}), ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
  }

  /** `usergroups.users.list`, cached for five minutes (access checks ask on every command). */
  async usergroupMembers(groupId: string, signal?: AbortSignal): Promise<string[]> {
    const cached = this.groups.get(groupId);
    if (cached && this.clock.now() - cached.at < GROUP_CACHE_MS) return cached.members;
    const result = await this.withRetries('usergroups.users.list', undefined, signal, () => this.web.usergroups.users.list({ usergroup: groupId }));
    const members = result.users ?? [];
    if (this.groups.size >= MAX_CACHED_GROUPS) this.groups.clear();
    this.groups.set(groupId, { members, at: this.clock.now() });
    return members;
  }

  /** Waits for every queued message (shutdown). */
  drain(): Promise<void> {
    return this.pacer.drain();
  }

  private call<T>(method: string, channel: string, signal: AbortSignal | undefined, request: () => Promise<T>): Promise<T> {
    return this.pacer.run(channel, () => this.withRetries(method, channel, signal, request), signal);
  }

  private async withRetries<T>(method: string, channel: string | undefined, signal: AbortSignal | undefined, request: () => Promise<T>): Promise<T> {
    if (!this.configured) throw nonRetryable(`Slack is not configured, so ${method} cannot be sent: set SLACK_BOT_TOKEN`, 'slack_not_configured');
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const retryAfterMs = rateLimitWait(error);
        if (retryAfterMs === undefined) throw slackError(error, method, channel);
        if (attempt >= MAX_ATTEMPTS || retryAfterMs > MAX_RETRY_AFTER_MS) {
          throw new StepError(`Slack kept rate-limiting ${method}${channel ? ` in ${channel}` : ''} (${attempt} attempts, Retry-After ${retryAfterMs / 1000}s)`, {
            retryable: true,
            code: 'slack_rate_limited',
          });
        }
        if (channel) this.pacer.holdUntil(channel, this.clock.now() + retryAfterMs);
        await this.clock.sleep(retryAfterMs, signal);
      }
    }
  }
}

function rateLimitWait(error: unknown): number | undefined {
  const failure = error as { code?: unknown; retryAfter?: unknown } | null;
  if (failure?.code !== ErrorCode.RateLimitedError || typeof failure.retryAfter !== 'number') return undefined;
  return Math.max(0, failure.retryAfter) * 1000;
}
