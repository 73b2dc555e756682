// What the worker-process rows of bench/distributed.mjs pay for running `labels.match` where the in-process
// rows run `bench.noop` (the CLI has no no-op action): each action's own work per step (input check, run,
// output check, as the engine does them), in this process, in microseconds.
import { performance } from 'node:perf_hooks';
import { labelsMatchAction } from '../dist/actions/labels/label-rules.js';
import { noop } from './distributed-backends.mjs';

const CALLS = 20_000;
const CONTEXT = { runId: 'bench', workflow: 'bench', stepId: 'a', attempt: 1 };
const TOOLS = { signal: new globalThis.AbortController().signal, log: { debug() {}, info() {}, warn() {}, error() {} }, emit() {} };

async function microsPerStep(action, input) {
  const once = async () => {
    const parsed = action.input.parse(input);
    action.output.parse(await action.run(CONTEXT, parsed, TOOLS));
  };
  for (let i = 0; i < CALLS / 10; i++) await once();
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await once();
  return ((performance.now() - started) * 1_000) / CALLS;
}

/** `{ noop, labels }`: microseconds of action work per step, the input being the one LABELS_WORKFLOW's steps give. */
export async function stepActionCost() {
  return {
    noop: await microsPerStep(noop, {}),
    labels: await microsPerStep(labelsMatchAction, { title: 'bench', rules: [{ label: 'bench', keywords: ['bench'] }] }),
  };
}
