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

export interface GithubEventFilter {
  types?: string[];
  branches?: string[];
  paths?: string[];
  labels?: string[];
  /** `/sdlc <command>` names, for `issue_comment`. */
  commands?: string[];
}

export interface WorkflowTriggers {
  github?: Record<string, GithubEventFilter>;
  slack?: { commands?: string[]; mentions?: boolean };
  jenkins?: { status?: string[]; job?: string[] };
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
