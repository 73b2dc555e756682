import type { Workflow } from '../../../engine/workflow.js';

export const GITHUB_DISPATCH_WORKFLOW = 'github-dispatch';

/**
 * The internal workflow every webhook becomes: one `github.dispatch` step, retried on transient GitHub
 * errors. Built in code, not YAML: users neither see nor edit it. Its idempotency key is the delivery id.
 */
export const githubDispatchWorkflow: Workflow = {
  name: GITHUB_DISPATCH_WORKFLOW,
  description: 'Routes a GitHub webhook delivery to the workflows it starts.',
  on: {},
  inputs: {},
  env: {},
  outputs: {
    outcome: '${{ steps.dispatch.outputs.outcome }}',
    reason: '${{ steps.dispatch.outputs.reason }}',
    runs: '${{ steps.dispatch.outputs.runs }}',
    repoConfig: '${{ steps.dispatch.outputs.repoConfig }}',
  },
  timeoutMs: 120_000,
  steps: [
    {
      id: 'dispatch',
      uses: 'github.dispatch',
      with: {},
      needs: [],
      continueOnError: false,
      retry: { attempts: 3, backoff: 'exponential', delayMs: 1_000, maxDelayMs: 10_000, jitter: true },
      timeoutMs: 60_000,
    },
  ],
};
