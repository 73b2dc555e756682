import { internalWorkflow } from '../../engine/internal-workflow.js';

export const SLACK_DISPATCH_WORKFLOW = 'slack-dispatch';

/**
 * The internal workflow every slash command and mention becomes: one `slack.dispatch` step. Built in code, not
 * YAML: users neither see nor edit it. Its idempotency key is the delivery id (`slack:<event_id>` or
 * `slack:<trigger_id>`), so Slack's retries find the run instead of starting another. The step is not retried:
 * replies are posted as it goes, and a second attempt would post them twice.
 */
export const slackDispatchWorkflow = internalWorkflow({
  name: SLACK_DISPATCH_WORKFLOW,
  description: 'Routes a Slack slash command or mention to the command it names (internal).',
  uses: 'slack.dispatch',
  outputs: ['outcome', 'reason', 'runs'],
});
