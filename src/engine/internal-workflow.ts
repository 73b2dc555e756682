import type { StepSpec, Workflow } from './workflow.js';

export interface InternalWorkflowSpec {
  name: string;
  description: string;
  /** The one action the workflow runs, as step `dispatch`. */
  uses: string;
  /** Outputs of that step the run exposes under the same names. */
  outputs: readonly string[];
  retry?: StepSpec['retry'];
}

/**
 * A one-step workflow built in code rather than YAML, that users neither see nor edit: what a trigger records
 * durably before answering (GitHub's `github-dispatch`, Slack's `slack-dispatch`), so the work behind a
 * delivery survives a crash and its delivery id, as idempotency key, finds it again.
 */
export function internalWorkflow(spec: InternalWorkflowSpec): Workflow {
  return {
    name: spec.name,
    description: spec.description,
    on: {},
    inputs: {},
    env: {},
    outputs: Object.fromEntries(spec.outputs.map((name) => [name, `\${{ steps.dispatch.outputs.${name} }}`])),
    timeoutMs: 120_000,
    steps: [
      {
        id: 'dispatch',
        uses: spec.uses,
        with: {},
        needs: [],
        continueOnError: false,
        ...(spec.retry ? { retry: spec.retry } : {}),
        timeoutMs: 60_000,
      },
    ],
  };
}
