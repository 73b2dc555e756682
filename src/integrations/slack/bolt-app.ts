import type { App, Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config/integrations.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import { boltLogger } from './bolt-logger.js';
import { mentionEvent, slashCommandEvent, type MentionEnvelope } from './normalize-event.js';

export interface BoltAppOptions {
  config: SlackConfig;
  receiver: Receiver;
  log: Logger;
  /** Records one durable run for the event (or finds the one a retry already recorded). Slack is answered after it. */
  record(event: TriggerEvent): Promise<void>;
}

/** Bolt, loaded when Slack is first used: CLI commands that never touch Slack do not pay for it. */
export const loadBolt = () => import('@slack/bolt');

/**
 * The Bolt app both receivers feed (HTTP on our server, or Socket Mode): `/sdlc …` and `@app …` are recorded as
 * runs, and only then acknowledged, so an answered request is never lost. Nothing else happens on the request
 * path: no Slack API call (tokens are not verified with `auth.test` here), the work is the run's.
 */
export async function createBoltApp(options: BoltAppOptions): Promise<App> {
  const { App } = await loadBolt();
  const { config, log } = options;
  const app = new App({
    receiver: options.receiver,
    // A single workspace's bot token, handed over as is: Bolt's own client is unused (egress posts).
    authorize: () => Promise.resolve({ botToken: config.botToken! }),
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: config.apiUrl },
    logger: boltLogger(log),
    convoStore: false,
  });
  // Any slash command reaches here, so a renamed command is answered rather than timing out at Slack.
  app.command(/^\//, async ({ command, ack }) => {
    if (command.command !== config.command) {
      await ack({ response_type: 'ephemeral', text: `This app answers \`${config.command}\`; \`${command.command}\` is not one of its commands (if the Slack app names it differently, set \`slack.command\` in the configuration).` });
      return;
    }
    await options.record(slashCommandEvent(command));
    await ack();
  });
  // Events are acknowledged by Bolt itself; on HTTP the answer still waits for this (processBeforeResponse).
  app.event('app_mention', async ({ body }) => {
    const envelope = body as unknown as MentionEnvelope & { event: { bot_id?: string } };
    if (envelope.event.bot_id) return;
    await options.record(mentionEvent(envelope));
  });
  // Rethrown, so the HTTP answer is a 500 (Slack retries events) rather than a 200 for a lost request.
  app.error((error) => {
    log.error({ err: error }, 'a Slack request could not be recorded; Slack retries events, the user may retype a command');
    return Promise.reject(error);
  });
  return app;
}
