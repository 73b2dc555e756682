import type { RunStatus } from '../../engine/run-record.js';
import type { Runtime } from '../../runtime.js';
import { CliError } from '../cli-error.js';
import { formatDuration } from '../progress.js';
import { runJson } from './run.js';

const STATUSES: RunStatus[] = ['pending', 'queued', 'running', 'interrupted', 'success', 'failure', 'cancelled'];

export async function listRuns(runtime: Runtime, options: { status?: string; limit?: string; json?: boolean }): Promise<number> {
  const status = options.status?.split(',').map((s) => s.trim()) ?? [];
  const bad = status.filter((s) => !STATUSES.includes(s as RunStatus));
  if (bad.length) throw new CliError(`--status ${bad.join(',')}: expected one of ${STATUSES.join(', ')}`);
  const limit = options.limit ? Number(options.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit ${options.limit}: expected a positive whole number`);
  const runs = await runtime.store.listRuns({ status: status as RunStatus[], limit });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(runs.map((r) => ({ id: r.id, workflow: r.workflowName, status: r.status, createdAt: new Date(r.createdAt).toISOString(), ...(r.error ? { error: r.error } : {}) })), null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write('no runs\n');
    return 0;
  }
  for (const run of runs) {
    const took = run.finishedAt && run.startedAt ? formatDuration(run.finishedAt - run.startedAt) : '';
    process.stdout.write(`${run.id}  ${run.status.padEnd(11)}  ${run.workflowName.padEnd(20)}  ${new Date(run.createdAt).toISOString()}  ${took}\n`);
  }
  return 0;
}

export async function showRun(runtime: Runtime, id: string, options: { json?: boolean }): Promise<number> {
  const run = await runtime.store.getRun(id);
  if (!run) throw new CliError(`no run ${id} (see: agentic-sdlc runs list)`);
  const steps = await runtime.store.getSteps(id);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...runJson({ run, steps }), inputs: summarize(run.inputs) }, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [
    `run       ${run.id}`,
    `workflow  ${run.workflowName}`,
    `status    ${run.status}${run.error ? ` (${run.error})` : ''}`,
    `created   ${new Date(run.createdAt).toISOString()}`,
  ];
  if (run.concurrencyGroup) out.push(`group     ${run.concurrencyGroup}`);
  if (run.event) out.push(`event     ${run.event.source}/${run.event.event}${run.event.action ? `.${run.event.action}` : ''}${run.event.repo ? ` ${run.event.repo}` : ''}${run.event.number ? `#${run.event.number}` : ''}`);
  out.push('steps');
  for (const spec of run.workflow.steps) {
    const step = steps.find((s) => s.stepId === spec.id);
    const took = step?.finishedAt !== undefined ? formatDuration(step.finishedAt - step.startedAt) : '';
    out.push(`  ${(step?.status ?? 'not run').padEnd(9)} ${spec.id.padEnd(20)} ${took}${step && step.attempt > 1 ? ` attempt ${step.attempt}` : ''}${step?.error ? `  ${step.error}` : ''}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/**
 * `runs resume`: executes the runs no process executes any more (see Engine.recover) and waits for them.
 * Safe beside a running `serve` or `worker`: a run another live process holds is left to it.
 */
export async function resumeRuns(runtime: Runtime, options: { json?: boolean }): Promise<number> {
  return resume(runtime, options);
}

async function resume(runtime: Runtime, options: { json?: boolean }): Promise<number> {
  runtime.engine.start();
  const recovered = await runtime.engine.recover();
  const finished = await Promise.all(recovered.map((run) => runtime.engine.waitFor(run.id)));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(finished.map((r) => ({ id: r.id, workflow: r.workflowName, status: r.status })), null, 2)}\n`);
  } else if (finished.length === 0) {
    process.stdout.write('nothing to resume\n');
  } else {
    for (const run of finished) process.stdout.write(`${run.id}  ${run.status}  ${run.workflowName}\n`);
  }
  return finished.every((run) => run.status === 'success') ? 0 : 1;
}

/** Long inputs (a whole diff) are shortened for display. */
function summarize(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [key, typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}… (${value.length} characters)` : value]),
  );
}
