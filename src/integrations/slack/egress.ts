import type { FetchFunction } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config/integrations.js';
import type { AnyAction } from '../../engine/action.js';
import { systemClock, type Clock } from '../../engine/clock.js';
import type { EventBus } from '../../engine/event-bus.js';
import type { RunStore } from '../../engine/ports/run-store.js';
import { RunFollower } from './run-follower.js';
import { SlackClient } from './slack-client.js';
import { slackPostAction } from './slack-post.js';

export interface SlackEgressOptions {
  config: SlackConfig;
  logger: Logger;
  bus: EventBus;
  store: Pick<RunStore, 'getRun'>;
  /** Time for pacing and 429 waits; tests inject a fake one. */
  clock?: Clock;
  /** Transport for the Web API (default: the global fetch). */
  fetch?: FetchFunction;
}

export interface SlackEgress {
  client: SlackClient;
  /** `slack.post`. */
  actions: AnyAction[];
  /** Follows Slack-started runs in a thread; `start` once the runtime is up, `close` before the store closes. */
  follower: { start(): void; close(): Promise<void> };
}

/**
 * Everything that talks to Slack: one paced Web API client, the `slack.post` action, and the run follower.
 * Built even when Slack is not configured, so `uses: slack.post` validates; then the action fails naming what
 * to set and the follower stays idle.
 */
export function createSlackEgress(options: SlackEgressOptions): SlackEgress {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'slack' });
  const client = new SlackClient({ config: options.config, logger, clock, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const follower = new RunFollower({ client, bus: options.bus, store: options.store, logger, clock });
  return {
    client,
    actions: [slackPostAction({ config: options.config, client, threadFor: (runId) => follower.threadFor(runId) })],
    follower: {
      start() {
        if (client.configured) follower.start();
      },
      async close() {
        await follower.close();
      },
    },
  };
}
