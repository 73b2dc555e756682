import type { App } from '@slack/bolt';
import type { SlackConfig } from '../../config/integrations.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { Integration, IntegrationDeps } from '../integration.js';
import { createBoltApp, loadBolt } from './bolt-app.js';
import { boltLogger } from './bolt-logger.js';
import { slackDispatchAction } from './dispatch-action.js';
import { slackDispatchWorkflow } from './dispatch-workflow.js';
import { createSlackEgress } from './egress.js';
import { slackEventsHandler, type BoltListener } from './http-route.js';
import { slackTriggerKind } from './trigger-kind.js';

export interface SlackIntegrationDeps extends IntegrationDeps {
  /** Whether the GitHub App is installed on `owner/repo`: a Slack user never reaches a repository it cannot see. */
  repositories: { installedOn(repo: string): Promise<boolean> };
}

/**
 * Slack as one integration: slash commands and mentions arrive through Bolt (on our server at `config.path`,
 * or over Socket Mode when `appToken` is set), each recorded as one `slack-dispatch` run before Slack is
 * answered; `slack.dispatch` runs the command in the background; egress posts and follows runs in threads.
 * Configured when both the signing secret and the bot token are set.
 */
export function createSlackIntegration(config: SlackConfig, deps: SlackIntegrationDeps): Integration {
  const configured = config.signingSecret !== undefined && config.botToken !== undefined;
  const log = deps.logger.child({ component: 'slack' });
  const egress = createSlackEgress({ config, logger: deps.logger, bus: deps.bus, store: deps.store });
  const record = async (event: TriggerEvent): Promise<void> => {
    const { run, created } = await deps.engine.submit(slackDispatchWorkflow, { event, ...(event.deliveryId ? { idempotencyKey: event.deliveryId } : {}) });
    const fields = { runId: run.id, deliveryId: event.deliveryId, event: event.event, command: event.command?.name };
    if (created) log.info(fields, 'slack command queued');
    else log.info({ ...fields, status: run.status }, 'slack retry or duplicate: run already recorded');
  };
  let socketApp: App | undefined;
  return {
    name: 'slack',
    configured,
    setupHint: 'set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (SLACK_APP_TOKEN too for Socket Mode); see docs/slack.md',
    actions: [
      ...egress.actions,
      slackDispatchAction({ config, client: egress.client, engine: deps.engine, getRun: (id) => deps.store.getRun(id), workflows: deps.workflows, installedOn: (repo) => deps.repositories.installedOn(repo) }),
    ],
    triggerKinds: [slackTriggerKind],
    routes({ limits }) {
      if (!configured || config.appToken) return [];
      // Built now rather than on the first request, so that request does not wait for Bolt to load.
      const listener: Promise<BoltListener> = loadBolt().then(async ({ HTTPReceiver }) => {
        const receiver = new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: [config.path],
          // The answer waits for the listener: an event is recorded before Slack hears 200.
          processBeforeResponse: true,
          bodyLimit: limits.maxBytes,
          logger: boltLogger(log),
        });
        await createBoltApp({ config, receiver, log, record });
        return receiver.requestListener;
      });
      // Handled by the first request that awaits it (500); not an unhandled rejection meanwhile.
      listener.catch((error: unknown) => log.error({ err: error }, 'Slack route could not start'));
      return [{ path: config.path, handler: slackEventsHandler({ limits, listener: () => listener }) }];
    },
    async start() {
      if (!configured) return;
      egress.follower.start();
      if (!config.appToken) return;
      const { SocketModeReceiver } = await loadBolt();
      const receiver = new SocketModeReceiver({ appToken: config.appToken, logger: boltLogger(log), installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } });
      const app = await createBoltApp({ config, receiver, log, record });
      await app.start();
      socketApp = app;
      log.info('connected to Slack over Socket Mode');
    },
    async close() {
      await socketApp?.stop();
      await egress.follower.close();
    },
  };
}
