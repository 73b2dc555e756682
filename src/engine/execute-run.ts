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
import { StepSchedule } from './step-schedule.js';
import type { StepSpec } from './workflow.js';

export interface ExecuteDeps extends StepRunDeps {
  actions: ActionRegistry;
  secrets: Record<string, string>;
  /** The `integrations` context: which integrations are configured. */
  integrations: Record<string, boolean>;
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
  const specs = new Map(workflow.steps.map((step) => [step.id, step]));
  for (const record of previous) {
    attempts.set(record.stepId, record.attempt);
    if (FINAL_STEP.has(record.status)) states.set(record.stepId, stateOf(record, specs.get(record.stepId)));
  }

  const contexts = baseContexts(deps, run);
  const stepsContext = contexts.steps as Record<string, unknown>;
  for (const [id, state] of states) stepsContext[id] = stepView(state);

  const failedUpstream = upstreamFailures(workflow.steps, states);
  const schedule = new StepSchedule(workflow.steps, states);
  const running = new Map<string, Promise<void>>();

  const start = (step: StepSpec) => {
    const task = runOne(step).catch((error: unknown) => stepCrashed(step, error)).then((state) => {
      states.set(step.id, state);
      stepsContext[step.id] = stepView(state);
      running.delete(step.id);
      schedule.finish(step.id);
    });
    running.set(step.id, task);
  };

  const runOne = async (step: StepSpec): Promise<StepState> => {
    const ctx: EvalContext = { contexts, status: statusFor(step, failedUpstream, signal) };
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
    const message = errorMessage(error);
    const now = deps.clock.now();
    await deps.store.saveStep({
      runId: run.id, stepId: step.id, status: 'failure', attempt: attempts.get(step.id) ?? 0, error: message, startedAt: now, finishedAt: now,
    });
    deps.bus.emit('step.failed', { runId: run.id, stepId: step.id, name: step.name ?? step.id, attempt: 0, error: message, willRetry: false, durationMs: 0 });
    return { status: 'failure', outputs: {}, conclusion: step.continueOnError ? 'success' : 'failure' };
  };

  for (;;) {
    for (let step; running.size < deps.maxParallelSteps && (step = schedule.take()); ) start(step);
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
    integrations: deps.integrations,
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

function stateOf(record: StepRecord, spec: StepSpec | undefined): StepState {
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
  failedUpstream: (id: string) => boolean,
  signal: AbortSignal,
): StatusFunctions {
  const failed = () => failedUpstream(step.id);
  const cancelled = () => signal.aborted && signal.reason instanceof CancelledError;
  return {
    success: () => !signal.aborted && !failed(),
    failure: () => failed(),
    always: () => true,
    cancelled,
  };
}

/**
 * Whether any step a step (transitively) needs concluded with failure. Asked when the step is about to
 * run, when everything it needs has finished, so the answer for a finished step never changes and is kept:
 * each step is worked out once. The walk is a post-order depth-first search on an explicit stack
 * (thousands of sequential steps would overflow a recursive one, and a set of ancestors per step would take
 * quadratic memory); a step is worked out on its exit frame, after every step it needs.
 */
function upstreamFailures(steps: StepSpec[], states: Map<string, StepState>): (id: string) => boolean {
  const needsOf = new Map(steps.map((step) => [step.id, step.needs]));
  const known = new Map<string, boolean>();
  const failedHere = (id: string) => states.get(id)?.conclusion === 'failure';
  return (id) => {
    const answers = new Map<string, boolean>();
    const answer = (need: string) => failedHere(need) || (known.get(need) ?? answers.get(need) ?? false);
    const entered = new Set<string>();
    const stack: { id: string; exit: boolean }[] = [{ id, exit: false }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const needs = needsOf.get(frame.id) ?? [];
      if (frame.exit) {
        const failed = needs.some(answer);
        // Only a finished step's answer is final; the asking step's is not.
        if (frame.id !== id && states.has(frame.id)) known.set(frame.id, failed);
        else answers.set(frame.id, failed);
        continue;
      }
      if (entered.has(frame.id)) continue;
      entered.add(frame.id);
      stack.push({ id: frame.id, exit: true });
      for (const need of needs) if (!known.has(need) && !entered.has(need)) stack.push({ id: need, exit: false });
    }
    return answers.get(id) ?? false;
  };
}
