import type { ActionRegistry } from './action.js';
import { abortReason } from './clock.js';
import { CancelledError, TimeoutError, errorMessage } from './errors.js';
import {
  compileCondition,
  compileValue,
  evaluateCondition,
  evaluateValue,
  type EvalContext,
  type StatusFunctions,
} from './expressions/index.js';
import type { RunRecord, RunStatus, StepRecord, StepStatus } from './run-record.js';
import { runStep, type StepRunDeps } from './run-step.js';
import type { StepSpec, Workflow } from './workflow.js';

export interface ExecuteDeps extends StepRunDeps {
  actions: ActionRegistry;
  secrets: Record<string, string>;
  maxParallelSteps: number;
}

export interface RunOutcome {
  status: RunStatus;
  outputs: Record<string, unknown>;
  error?: string;
}

interface StepState {
  status: StepStatus;
  outputs: Record<string, unknown>;
  /** GitHub's distinction: a failed step with continue-on-error has outcome failure, conclusion success. */
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled';
}

const FINAL_STEP: ReadonlySet<StepStatus> = new Set(['success', 'failure', 'skipped']);

/**
 * Runs a run's step DAG to the end. Steps already finished in the store (from before a crash) are not run
 * again; their outputs feed later steps. At most `maxParallelSteps` independent steps run at once.
 */
export async function executeRun(
  deps: ExecuteDeps,
  run: RunRecord,
  previous: StepRecord[],
  signal: AbortSignal,
): Promise<RunOutcome> {
  const workflow = run.workflow;
  const states = new Map<string, StepState>();
  const attempts = new Map<string, number>();
  for (const record of previous) {
    attempts.set(record.stepId, record.attempt);
    if (FINAL_STEP.has(record.status)) states.set(record.stepId, stateOf(record, workflow));
  }

  const contexts = baseContexts(deps, run);
  const stepsContext = contexts.steps as Record<string, unknown>;
  for (const [id, state] of states) stepsContext[id] = stepView(state);

  const ancestors = ancestorsOf(workflow.steps);
  const waiting = workflow.steps.filter((step) => !states.has(step.id));
  const running = new Map<string, Promise<void>>();

  const start = (step: StepSpec) => {
    const task = runOne(step).catch((error: unknown) => stepCrashed(step, error)).then((state) => {
      states.set(step.id, state);
      stepsContext[step.id] = stepView(state);
      running.delete(step.id);
    });
    running.set(step.id, task);
  };

  const runOne = async (step: StepSpec): Promise<StepState> => {
    const ctx: EvalContext = { contexts, status: statusFor(step, ancestors, states, signal) };
    const shouldRun = evaluateCondition(compileCondition(step.if ?? 'success()'), ctx);
    if (!shouldRun) {
      await deps.store.saveStep({
        runId: run.id, stepId: step.id, status: 'skipped', attempt: attempts.get(step.id) ?? 0,
        startedAt: deps.clock.now(), finishedAt: deps.clock.now(),
      });
      deps.bus.emit('step.completed', {
        runId: run.id, stepId: step.id, name: step.name ?? step.id, status: 'skipped', attempt: 0, durationMs: 0,
      });
      return { status: 'skipped', outputs: {}, conclusion: 'skipped' };
    }
    const action = deps.actions.get(step.uses);
    if (!action) throw new Error(`unknown action ${step.uses} in step ${step.id}`);
    const input = withoutNulls(evaluateValue(compileValue(step.with), ctx) as Record<string, unknown>);
    const result = await runStep(deps, {
      runId: run.id,
      workflow: workflow.name,
      step,
      action,
      input,
      previousAttempts: attempts.get(step.id) ?? 0,
      event: run.event,
      // A step that runs after cancellation (`if: always()`) is cleanup: it gets its own, live signal.
      runSignal: signal.aborted ? new AbortController().signal : signal,
    });
    const conclusion = result.status === 'failure' && step.continueOnError ? 'success' : result.status === 'running' ? 'failure' : result.status;
    return { status: result.status, outputs: result.outputs, conclusion };
  };

  // An `if:` or `with:` that cannot be evaluated fails its step, not the whole engine.
  const stepCrashed = async (step: StepSpec, error: unknown): Promise<StepState> => {
    const message = deps.masker.mask(errorMessage(error));
    const now = deps.clock.now();
    await deps.store.saveStep({
      runId: run.id, stepId: step.id, status: 'failure', attempt: attempts.get(step.id) ?? 0, error: message, startedAt: now, finishedAt: now,
    });
    deps.bus.emit('step.failed', { runId: run.id, stepId: step.id, name: step.name ?? step.id, attempt: 0, error: message, willRetry: false, durationMs: 0 });
    return { status: 'failure', outputs: {}, conclusion: step.continueOnError ? 'success' : 'failure' };
  };

  while (waiting.length > 0 || running.size > 0) {
    for (let i = 0; i < waiting.length && running.size < deps.maxParallelSteps; ) {
      const step = waiting[i]!;
      if (step.needs.every((id) => states.has(id))) {
        waiting.splice(i, 1);
        start(step);
      } else {
        i++;
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  const failed = [...states.values()].some((state) => state.conclusion === 'failure');
  const outputs = evaluateValue(compileValue(workflow.outputs), { contexts }) as Record<string, unknown>;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const timedOut = reason instanceof TimeoutError;
    return { status: timedOut ? 'failure' : 'cancelled', outputs, error: abortReason(signal) };
  }
  if (failed) {
    const firstFailure = workflow.steps.find((step) => states.get(step.id)?.conclusion === 'failure');
    return { status: 'failure', outputs, error: `step ${firstFailure?.id ?? '?'} failed` };
  }
  return { status: 'success', outputs };
}

/**
 * A `with` value that comes out null (`${{ event.payload.issue.title }}` outside GitHub) means "not given":
 * the action's own default applies, instead of every optional input having to accept null.
 */
function withoutNulls(input: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(input)) if (input[key] === null || input[key] === undefined) delete input[key];
  return input;
}

function baseContexts(deps: ExecuteDeps, run: RunRecord): Record<string, unknown> {
  const contexts: Record<string, unknown> = {
    event: run.event ?? null,
    inputs: run.inputs,
    secrets: deps.secrets,
    run: { id: run.id, workflow: run.workflowName, createdAt: run.createdAt },
    steps: {},
    env: {},
  };
  // `env` may read the event and inputs, not steps: it is fixed for the whole run.
  contexts.env = evaluateValue(compileValue(run.workflow.env), { contexts });
  return contexts;
}

function stepView(state: StepState): Record<string, unknown> {
  return { outputs: state.outputs, outcome: state.status, conclusion: state.conclusion };
}

function stateOf(record: StepRecord, workflow: Workflow): StepState {
  const spec = workflow.steps.find((step) => step.id === record.stepId);
  const conclusion =
    record.status === 'failure' && spec?.continueOnError ? 'success' : record.status === 'running' ? 'failure' : record.status;
  return { status: record.status, outputs: record.outputs ?? {}, conclusion };
}

/**
 * `success()`/`failure()` look at the steps this one (transitively) needs, as a GitHub job looks at its
 * `needs`; with implicit sequential needs that is every earlier step, as for GitHub steps.
 */
function statusFor(
  step: StepSpec,
  ancestors: Map<string, Set<string>>,
  states: Map<string, StepState>,
  signal: AbortSignal,
): StatusFunctions {
  const failed = () => [...(ancestors.get(step.id) ?? [])].some((id) => states.get(id)?.conclusion === 'failure');
  const cancelled = () => signal.aborted && signal.reason instanceof CancelledError;
  return {
    success: () => !signal.aborted && !failed(),
    failure: () => failed(),
    always: () => true,
    cancelled,
  };
}

function ancestorsOf(steps: StepSpec[]): Map<string, Set<string>> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const memo = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const result = new Set<string>();
    memo.set(id, result);
    for (const need of byId.get(id)?.needs ?? []) {
      result.add(need);
      for (const ancestor of visit(need)) result.add(ancestor);
    }
    return result;
  };
  for (const step of steps) visit(step.id);
  return memo;
}
