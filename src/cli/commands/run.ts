import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RunRecord, StepRecord } from '../../engine/run-record.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { Workflow } from '../../engine/workflow.js';
import { InputError } from '../../engine/inputs.js';
import { loadWorkflowFile } from '../../engine/loader/index.js';
import { didYouMean } from '../../engine/suggest.js';
import { guessGithubEventName, normalizeGithubEvent } from '../../integrations/github/webhook/normalize-event.js';
import type { Runtime } from '../../runtime.js';
import { CliError } from '../cli-error.js';
import { renderInputError } from '../input-hints.js';
import { showProgress } from '../progress.js';

export interface RunResult {
  run: RunRecord;
  steps: StepRecord[];
}

/** Finds a workflow by file path or by name among the loaded ones. */
export async function resolveWorkflow(runtime: Runtime, nameOrFile: string): Promise<Workflow> {
  if (/\.ya?ml$/.test(nameOrFile) || existsSync(nameOrFile)) {
    if (!existsSync(nameOrFile)) throw new CliError(`${nameOrFile}: no such workflow file`);
    return loadWorkflowFile(resolve(nameOrFile), { actions: runtime.actions, triggers: runtime.triggers });
  }
  const workflow = runtime.workflows.get(nameOrFile);
  if (workflow) return workflow;
  const names = [...runtime.workflows.keys()].sort();
  const hint = didYouMean(nameOrFile, names);
  throw new CliError(`unknown workflow '${nameOrFile}'${hint ? `; did you mean ${hint}?` : ''} (known: ${names.join(', ') || 'none'})`);
}

/** `key=value` and `key=@file` pairs from `--input`. */
export async function parseInputs(pairs: string[]): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--input ${pair}: expected key=value or key=@file`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    inputs[key] = value.startsWith('@') ? await readText(value.slice(1), `--input ${key}`) : value;
  }
  return inputs;
}

/** Reads `--event`: a saved GitHub webhook payload, or an already-normalized TriggerEvent. */
export async function readEvent(path: string, eventName?: string): Promise<TriggerEvent> {
  const text = await readText(path, '--event');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--event ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (payload && typeof payload === 'object' && 'source' in payload && 'event' in payload) return payload as TriggerEvent;
  const name = eventName ?? guessGithubEventName(payload);
  if (!name) throw new CliError(`--event ${path}: cannot tell which GitHub event this payload is; pass --event-name`);
  return normalizeGithubEvent(name, payload);
}

/** Reads a file, or stdin for `-` (as a stream: a sync read of a non-blocking pipe fails with EAGAIN). */
export async function readText(path: string, flag: string): Promise<string> {
  try {
    if (path !== '-') return await readFile(path, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw new CliError(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Submits and waits, showing progress unless `quiet`. */
export async function runAndWait(
  runtime: Runtime,
  workflow: Workflow,
  request: { inputs?: Record<string, unknown>; event?: TriggerEvent },
  quiet: boolean,
): Promise<RunResult> {
  runtime.engine.start();
  let runId: string | undefined;
  const stop = quiet ? () => undefined : showProgress(runtime.bus, () => runId);
  try {
    const submitted = await runtime.engine.submit(workflow, request).catch((error: unknown) => {
      throw error instanceof InputError ? new CliError(renderInputError(error)) : error;
    });
    runId = submitted.run.id;
    const run = await runtime.engine.waitFor(runId);
    return { run, steps: await runtime.store.getSteps(runId) };
  } finally {
    stop();
  }
}

export function runJson(result: RunResult): Record<string, unknown> {
  return {
    run: { id: result.run.id, status: result.run.status, workflow: result.run.workflowName, ...(result.run.error ? { error: result.run.error } : {}) },
    outputs: result.run.outputs ?? {},
    steps: result.steps.map((step) => ({
      id: step.stepId,
      status: step.status,
      attempt: step.attempt,
      durationMs: step.finishedAt !== undefined ? step.finishedAt - step.startedAt : null,
      ...(step.error ? { error: step.error } : {}),
    })),
  };
}
