import { parseDuration } from '../duration.js';
import type { TriggerKindRegistry } from '../trigger-kind.js';
import type { ConcurrencySpec, InputSpec, RetrySpec, StepSpec, Workflow, WorkflowTriggers } from '../workflow.js';
import type { ParsedStepYaml, ParsedWorkflowYaml } from './schema.js';
import { assignStepIds } from './step-graph.js';

/**
 * Turns a workflow file that passed every check into the engine's model: shorthands expanded,
 * defaults filled in, durations in milliseconds, and the implicit "needs the previous step".
 */
export function normalizeWorkflow(parsed: ParsedWorkflowYaml, kinds: TriggerKindRegistry, file?: string): Workflow {
  const ids = assignStepIds(parsed.steps);
  const concurrency = normalizeConcurrency(parsed.concurrency);
  const timeoutMs = timeout(parsed.timeout, parsed['timeout-minutes']);
  return {
    name: parsed.name,
    ...(parsed.description !== undefined && { description: parsed.description }),
    ...(file !== undefined && { file }),
    on: normalizeTriggers(parsed.on, kinds),
    inputs: normalizeInputs(parsed.inputs),
    env: Object.fromEntries(Object.entries(parsed.env ?? {}).map(([key, value]) => [key, String(value)])),
    ...(concurrency && { concurrency }),
    ...(timeoutMs !== undefined && { timeoutMs }),
    steps: parsed.steps.map((step, index) => normalizeStep(step, ids[index]!, index === 0 ? undefined : ids[index - 1])),
    outputs: parsed.outputs ?? {},
  };
}

function normalizeStep(step: ParsedStepYaml, id: string, previous: string | undefined): StepSpec {
  const timeoutMs = timeout(step.timeout, step['timeout-minutes']);
  return {
    id,
    ...(step.name !== undefined && { name: step.name }),
    uses: step.uses,
    with: step.with ?? {},
    ...(step.if !== undefined && { if: String(step.if) }),
    needs: step.needs === undefined ? (previous === undefined ? [] : [previous]) : [...new Set(list(step.needs))],
    ...(step.retry !== undefined && { retry: normalizeRetry(step.retry) }),
    ...(timeoutMs !== undefined && { timeoutMs }),
    continueOnError: step['continue-on-error'],
  };
}

/** `retry: 3` is three attempts with the default policy: exponential backoff from 1s up to 30s, with jitter. */
function normalizeRetry(retry: NonNullable<ParsedStepYaml['retry']>): RetrySpec {
  const policy = typeof retry === 'number' ? { attempts: retry, backoff: 'exponential' as const, delay: '1s', 'max-delay': '30s', jitter: true } : retry;
  return {
    attempts: policy.attempts,
    backoff: policy.backoff,
    delayMs: duration(policy.delay),
    maxDelayMs: duration(policy['max-delay']),
    jitter: policy.jitter,
  };
}

function normalizeConcurrency(concurrency: ParsedWorkflowYaml['concurrency']): ConcurrencySpec | undefined {
  if (concurrency === undefined) return undefined;
  if (typeof concurrency === 'string') return { group: concurrency, cancelInProgress: false };
  return { group: concurrency.group, cancelInProgress: concurrency['cancel-in-progress'] };
}

function normalizeInputs(inputs: ParsedWorkflowYaml['inputs']): Record<string, InputSpec> {
  return Object.fromEntries(
    Object.entries(inputs ?? {}).map(([name, input]): [string, InputSpec] => [
      name,
      {
        type: input.type,
        ...(input.description !== undefined && { description: input.description }),
        required: input.required,
        ...(input.default !== undefined && { default: input.default }),
        ...(input.options !== undefined && { options: input.options }),
      },
    ]),
  );
}

/** Each kind's block through its `normalize`; a kind that normalizes to `undefined` (`api: false`) is left off. */
function normalizeTriggers(on: ParsedWorkflowYaml['on'], kinds: TriggerKindRegistry): WorkflowTriggers {
  const triggers: Record<string, unknown> = {};
  for (const [name, block] of Object.entries(on ?? {})) {
    if (block === undefined) continue;
    const kind = kinds.get(name);
    // The schema was built from the same registry; reaching this is a bug, not bad input.
    if (!kind) throw new Error(`on.${name} passed the schema but no trigger kind ${name} is registered`);
    const filter: unknown = kind.normalize ? kind.normalize(block) : block;
    if (filter !== undefined) triggers[name] = filter;
  }
  return triggers;
}

function timeout(value: string | number | undefined, minutes: number | undefined): number | undefined {
  if (value !== undefined) return duration(value);
  if (minutes !== undefined) return minutes * 60_000;
  return undefined;
}

function duration(value: string | number): number {
  const ms = parseDuration(value);
  // The schema's pattern accepts exactly what parseDuration does; reaching this is a bug, not bad input.
  if (ms === undefined) throw new Error(`duration '${value}' passed the schema but parseDuration rejected it`);
  return ms;
}

function list(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}
