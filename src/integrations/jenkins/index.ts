import type { JenkinsConfig } from '../../config/integrations.js';
import { systemClock, type Clock } from '../../engine/clock.js';
import type { Integration, IntegrationDeps } from '../integration.js';
import { consoleAction } from './console/console-action.js';
import { ingestBuild } from './ingest-build.js';
import { jenkinsWebhookHandler } from './jenkins-webhook.js';
import { jenkinsTriggerKind } from './trigger-kind.js';

export interface JenkinsIntegrationDeps extends Pick<IntegrationDeps, 'logger' | 'engine' | 'workflows'> {
  /** Tests inject a fake clock (console polling) and a transport. */
  clock?: Clock;
  fetch?: typeof fetch;
}

/**
 * Jenkins as one integration: the build-notification webhook (configured by JENKINS_WEBHOOK_TOKEN), the
 * `on.jenkins` trigger kind, and `jenkins.console`, which needs JENKINS_URL, JENKINS_USER and
 * JENKINS_API_TOKEN besides and says so when they are missing.
 */
export function createJenkinsIntegration(config: JenkinsConfig, deps: JenkinsIntegrationDeps): Integration {
  const token = config.webhookToken;
  const log = deps.logger.child({ component: 'jenkins' });
  return {
    name: 'jenkins',
    configured: token !== undefined,
    setupHint: 'set JENKINS_WEBHOOK_TOKEN (16+ characters) and point Jenkins at /api/jenkins/webhook; jenkins.console also needs JENKINS_URL, JENKINS_USER and JENKINS_API_TOKEN (docs/jenkins.md)',
    actions: [consoleAction({ config, clock: deps.clock ?? systemClock, fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)) })],
    triggerKinds: [jenkinsTriggerKind],
    routes({ limits }) {
      if (token === undefined) return [];
      const receive = ingestBuild.bind(undefined, { submit: (workflow, request) => deps.engine.submit(workflow, request), workflows: deps.workflows, log });
      return [{ path: config.webhookPath, handler: jenkinsWebhookHandler({ token, limits, receive, log }) }];
    },
  };
}
