import type { ActionTools, AnyAction, StepLogger } from './action.js';
import { DEFAULT_RETRY, backoffDelay } from './backoff.js';
import { abortReason, type Clock } from './clock.js';
import { CancelledError, StepError, TimeoutError, errorMessage, isRetryable } from './errors.js';
import type { StepRecord, StepStatus } from './run-record.js';
import type { EventSink } from './masked-sinks.js';
import type { SecretMasker } from './secret-masker.js';
import type { TriggerEvent } from './trigger-event.js';
import type { StepSpec } from './workflow.js';
import type { RunStore } from './ports/run-store.js';

/** `store` and `bus` mask secrets in what they let out (masked-sinks.ts); `masker` is for what steps see. */
export interface StepRunDeps {
  /** Only step records: the run's own state is the engine's to write. */
  store: Pick<RunStore, 'saveStep'>;
  bus: EventSink;
  clock: Clock;
  masker: SecretMasker;
  random: () => number;
}

export interface StepRunRequest {
  runId: string;
  workflow: string;
  step: StepSpec;
  action: AnyAction;
  input: Record<string, unknown>;
  /** Attempts already made before this call (by a process that was killed mid-step). */
  previousAttempts: number;
  event: TriggerEvent | undefined;
  /** Aborts on run cancellation and run timeout. */
  runSignal: AbortSignal;
}

export interface StepResult {
  status: StepStatus;
  outputs: Record<string, unknown>;
  error?: string;
}

const STORED_STRING_LIMIT = 4096;

/**
 * One step: validate input, then attempt the action under its timeout until it succeeds, fails for good or
 * is cancelled. Each attempt is recorded before it starts and its result before this function returns, so
 * a killed process knows exactly which step was in flight.
 */
export async function runStep(deps: StepRunDeps, req: StepRunRequest): Promise<StepResult> {
  const { step, action } = req;
  const retry = step.retry ?? DEFAULT_RETRY;
  const label = step.name ?? step.id;
  // Masked before truncating: a cut could leave a secret's first half, which no mask would then recognise.
  const storedInput = truncateStrings(deps.masker.maskDeep(req.input));

  const parsed = action.input.safeParse(req.input);
  for (let i = 0; i < retry.attempts; i++) {
    const attempt = req.previousAttempts + i + 1;
    const startedAt = deps.clock.now();
    const record: StepRecord = { runId: req.runId, stepId: step.id, status: 'running', attempt, input: storedInput, startedAt };
    await deps.store.saveStep(record);
    deps.bus.emit('step.started', { runId: req.runId, stepId: step.id, name: label, attempt });

    let failure: unknown;
    if (!parsed.success) {
      failure = new StepError(`invalid input for ${action.name}: ${formatIssues(parsed.error)}`, { retryable: false, code: 'invalid_input' });
    } else if (req.runSignal.aborted) {
      failure = new CancelledError(abortReason(req.runSignal));
    } else {
      try {
        const raw = await attemptAction(deps, req, parsed.data, attempt);
        const checked = action.output.safeParse(raw);
        if (!checked.success) {
          throw new StepError(`${action.name} returned invalid output: ${formatIssues(checked.error)}`, { code: 'invalid_output' });
        }
        // Later steps see the masked outputs too, exactly as they will after a resume reads them back.
        const outputs = deps.masker.maskDeep(checked.data);
        const finishedAt = deps.clock.now();
        await deps.store.saveStep({ ...record, status: 'success', outputs, finishedAt });
        deps.bus.emit('step.completed', {
          runId: req.runId, stepId: step.id, name: label, status: 'success', attempt, durationMs: finishedAt - startedAt,
        });
        return { status: 'success', outputs };
      } catch (error) {
        failure = error;
      }
    }

    const finishedAt = deps.clock.now();
    const message = errorMessage(failure);
    const cancelled = failure instanceof CancelledError || req.runSignal.aborted;
    const willRetry = !cancelled && isRetryable(failure) && i + 1 < retry.attempts;
    const status: StepStatus = cancelled ? 'cancelled' : 'failure';
    await deps.store.saveStep({ ...record, status, error: message, finishedAt });
    deps.bus.emit('step.failed', {
      runId: req.runId, stepId: step.id, name: label, attempt, error: message, willRetry, durationMs: finishedAt - startedAt,
    });
    if (!willRetry) return { status, outputs: {}, error: message };
    try {
      await deps.clock.sleep(backoffDelay(retry, i + 1, deps.random), req.runSignal);
    } catch {
      return { status: 'cancelled', outputs: {}, error: abortReason(req.runSignal) };
    }
  }
  return { status: 'failure', outputs: {}, error: 'no attempts configured' };
}

/** Runs the action once, abandoning it when its timeout fires or the run is cancelled. */
function attemptAction(deps: StepRunDeps, req: StepRunRequest, input: unknown, attempt: number): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const forward = () => controller.abort(req.runSignal.reason);
  req.runSignal.addEventListener('abort', forward, { once: true });
  const cancelTimer = req.step.timeoutMs
    ? deps.clock.setTimer(req.step.timeoutMs, () => controller.abort(new TimeoutError(`step ${req.step.id}`, req.step.timeoutMs!)))
    : undefined;

  const tools: ActionTools = {
    signal: controller.signal,
    log: stepLogger(deps, req.runId, req.step.id),
    emit: (name, data) => deps.bus.emit('action.event', { runId: req.runId, stepId: req.step.id, name, data }),
  };
  const ctx = { runId: req.runId, workflow: req.workflow, stepId: req.step.id, attempt, ...(req.event ? { event: req.event } : {}) };

  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const onAbort = () => reject(toAbortError(controller.signal));
    controller.signal.addEventListener('abort', onAbort, { once: true });
    req.action.run(ctx, input, tools).then(resolve, (error: unknown) =>
      reject(controller.signal.aborted ? toAbortError(controller.signal) : toError(error)),
    );
  }).finally(() => {
    cancelTimer?.();
    req.runSignal.removeEventListener('abort', forward);
  });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function toAbortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof TimeoutError || reason instanceof CancelledError) return reason;
  return new CancelledError(abortReason(signal));
}

function stepLogger(deps: StepRunDeps, runId: string, stepId: string): StepLogger {
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, data?: Record<string, unknown>) =>
    deps.bus.emit('log', {
      runId,
      stepId,
      level,
      message,
      ...(data ? { data } : {}),
    });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

interface IssueLike {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

function formatIssues(error: IssueLike): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

/** Stored inputs are for people reading `runs show`; a 2 MB diff stored per step helps nobody. */
function truncateStrings(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      return item.length > STORED_STRING_LIMIT ? `${item.slice(0, STORED_STRING_LIMIT)}… [${item.length - STORED_STRING_LIMIT} more characters]` : item;
    }
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    return item;
  };
  return walk(value) as Record<string, unknown>;
}
