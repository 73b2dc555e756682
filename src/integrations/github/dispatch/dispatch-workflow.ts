import { internalWorkflow } from '../../../engine/internal-workflow.js';

export const GITHUB_DISPATCH_WORKFLOW = 'github-dispatch';

/**
 * The internal workflow every webhook becomes: one `github.dispatch` step, retried on transient GitHub
 * errors. Built in code, not YAML: users neither see nor edit it. Its idempotency key is the delivery id.
 */
export const githubDispatchWorkflow = internalWorkflow({
  name: GITHUB_DISPATCH_WORKFLOW,
  description: 'Routes a GitHub webhook delivery to the workflows it starts.',
  uses: 'github.dispatch',
  outputs: ['outcome', 'reason', 'runs', 'repoConfig'],
  retry: { attempts: 3, backoff: 'exponential', delayMs: 1_000, maxDelayMs: 10_000, jitter: true },
});
