// Engine overhead: 1,000 runs of 10 no-op steps with durable SQLite state, against the same store writes
// made directly (no engine) in the same process, on the same disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { ActionRegistry, defineAction } from '../dist/engine/action.js';
import { Engine } from '../dist/engine/engine.js';
import { MemoryQueue } from '../dist/queue/memory-queue.js';
import { SqliteRunStore } from '../dist/store/sqlite-store.js';
import { fmt, percentile, table } from './lib.mjs';

const RUNS = 1000;
const STEPS = 10;

const noop = defineAction({
  name: 'bench.noop',
  description: 'does nothing',
  input: z.object({}).passthrough(),
  output: z.object({}).passthrough(),
  run: async () => ({}),
});

const workflow = {
  name: 'bench',
  on: { manual: true },
  inputs: {},
  env: {},
  outputs: {},
  steps: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, uses: 'bench.noop', with: {}, needs: i ? [`s${i - 1}`] : [], continueOnError: false })),
};

function freshStore() {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-'));
  return { store: new SqliteRunStore(join(dir, 'state.db')), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function engineThroughput(concurrency) {
  const { store, dispose } = freshStore();
  const engine = new Engine({ store, queue: new MemoryQueue(concurrency), actions: new ActionRegistry().register(noop) }).start();
  const stepGaps = [];
  let lastEnd = new Map();
  engine.bus.on('run.started', (e) => lastEnd.set(e.runId, performance.now()));
  engine.bus.on('step.completed', (e) => {
    const now = performance.now();
    stepGaps.push(now - lastEnd.get(e.runId));
    lastEnd.set(e.runId, now);
  });
  const started = performance.now();
  const ids = [];
  for (let i = 0; i < RUNS; i++) ids.push((await engine.submit(workflow)).run.id);
  await Promise.all(ids.map((id) => engine.waitFor(id)));
  const seconds = (performance.now() - started) / 1000;
  const failed = (await store.listRuns({ status: ['failure', 'cancelled'], limit: 1 })).length;
  await engine.close();
  await store.close();
  dispose();
  if (failed) throw new Error('a benchmark run failed');
  return { seconds, stepsPerSecond: (RUNS * STEPS) / seconds, p50: percentile(stepGaps, 50), p99: percentile(stepGaps, 99) };
}

/** The writes the engine makes for a run, made straight through the store: the floor the engine sits on. */
async function bareWrites() {
  const { store, dispose } = freshStore();
  const started = performance.now();
  let now = Date.now();
  for (let r = 0; r < RUNS; r++) {
    const id = `run_${r}`;
    await store.admitRun({ id, workflow, inputs: {}, createdAt: now++ }, { cancelInProgress: false });
    await store.getRun(id);
    await store.markRunning(id, now);
    await store.getSteps(id);
    for (const step of workflow.steps) {
      const record = { runId: id, stepId: step.id, status: 'running', attempt: 1, input: {}, startedAt: now };
      await store.saveStep(record);
      await store.saveStep({ ...record, status: 'success', outputs: {}, finishedAt: now });
    }
    await store.finishRun(id, 'success', { outputs: {}, finishedAt: now });
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  dispose();
  return { seconds, stepsPerSecond: (RUNS * STEPS) / seconds };
}

export async function benchEngine() {
  // Warm up SQLite, the JIT and zod before measuring.
  await engineThroughput(4);
  const bare = await bareWrites();
  const engine4 = await engineThroughput(4);
  const engine1 = await engineThroughput(1);
  table(
    `Engine overhead: ${RUNS} runs x ${STEPS} no-op steps, durable SQLite (WAL, synchronous=NORMAL)`,
    ['mode', 'total s', 'steps/s', 'step p50 ms', 'step p99 ms', 'time vs bare writes'],
    [
      ['bare store writes (baseline)', fmt(bare.seconds, 2), fmt(bare.stepsPerSecond, 0), '-', '-', '1.00x'],
      ['engine, 4 runs at once', fmt(engine4.seconds, 2), fmt(engine4.stepsPerSecond, 0), fmt(engine4.p50, 3), fmt(engine4.p99, 3), `${fmt(engine4.seconds / bare.seconds, 2)}x`],
      ['engine, 1 run at a time', fmt(engine1.seconds, 2), fmt(engine1.stepsPerSecond, 0), fmt(engine1.p50, 3), fmt(engine1.p99, 3), `${fmt(engine1.seconds / bare.seconds, 2)}x`],
    ],
  );
  console.log('\nTargets: >= 5,000 durable steps/s; <= 3x the bare writes. Step p50/p99: time from the previous step\'s end to this step\'s durable completion.');
}
