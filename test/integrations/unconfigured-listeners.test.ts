import { describe, expect, it } from 'vitest';
import { slackTriggerKind } from '../../src/integrations/slack/trigger-kind.js';
import type { Integration } from '../../src/integrations/integration.js';
import { unconfiguredListeners } from '../../src/integrations/unconfigured-listeners.js';
import { workflow } from '../helpers/engine.js';

const slack = (configured: boolean): Integration => ({
  name: 'slack',
  configured,
  setupHint: 'set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN',
  actions: [],
  triggerKinds: [slackTriggerKind],
  routes: () => [],
});

describe('workflows listening for an integration that is not configured', () => {
  const listening = workflow('chat-review', [], { on: { slack: { commands: ['review'] }, manual: true }, file: 'flows/chat-review.yml' });
  const manualOnly = workflow('manual', []);

  it('are named with the file, the trigger and what to set', () => {
    expect(unconfiguredListeners([listening, manualOnly], [slack(false)])).toEqual([
      'flows/chat-review.yml: on.slack: slack is not configured, so nothing starts chat-review from slack (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)',
    ]);
  });

  it('say nothing once the integration is configured', () => {
    expect(unconfiguredListeners([listening], [slack(true)])).toEqual([]);
  });
});
