/**
 * The normalized workflow model the engine executes. The YAML loader produces it;
 * runs store a copy of it so an in-flight run keeps the version it started with.
 */
export type InputType = 'string' | 'number' | 'boolean' | 'object' | 'array';

export interface InputSpec {
  type: InputType;
  description?: string;
  required: boolean;
  default?: unknown;
  /** The only values a string input accepts (GitHub's `type: choice`). */
  options?: string[];
}

/**
 * A workflow's `on:`, normalized: one entry per trigger kind it enables, keyed by the kind's name, holding
 * what that kind's `normalize` made of its block. The engine declares only its own kinds; an integration
 * declares its entry by module augmentation (`declare module '…/engine/workflow.js' { interface
 * WorkflowTriggers { github?: … } }`), so its code reads it typed while the engine stays vendor-free.
 */
export interface WorkflowTriggers {
  api?: boolean;
  /** `true`, or the inputs a run started by hand (no trigger event) must be given. */
  manual?: boolean | { required: string[] };
}

export interface RetrySpec {
  /** Total attempts including the first. */
  attempts: number;
  backoff: 'exponential' | 'fixed';
  delayMs: number;
  maxDelayMs: number;
  jitter: boolean;
}

export interface StepSpec {
  id: string;
  name?: string;
  uses: string;
  with: Record<string, unknown>;
  if?: string;
  /** Steps this one waits for. The loader fills in the previous step when `needs` is absent. */
  needs: string[];
  retry?: RetrySpec;
  timeoutMs?: number;
  continueOnError: boolean;
}

export interface ConcurrencySpec {
  group: string;
  cancelInProgress: boolean;
}

export interface Workflow {
  name: string;
  description?: string;
  /** Where the workflow came from, for messages (`workflows/pr-review.yml`). */
  file?: string;
  on: WorkflowTriggers;
  inputs: Record<string, InputSpec>;
  env: Record<string, string>;
  concurrency?: ConcurrencySpec;
  timeoutMs?: number;
  steps: StepSpec[];
  /** Workflow outputs: name → expression template over the run's contexts. */
  outputs: Record<string, unknown>;
}
