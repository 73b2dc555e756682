// Queue wait for bench/distributed.mjs: runs submitted at a paced PACED_RATE per second through one engine;
// the wait is run.queued → run.started as the bench's bus hears them (relayed over Redis when a worker process
// starts the run, so its wait includes that hop, a fraction of a millisecond on loopback).
import { performance } from 'node:perf_hooks';
import { WARMUP, completions } from './distributed-drive.mjs';
import { percentile } from './lib.mjs';

export const PACED_RATE = 100;
export const PACED_SECONDS = 5;

/** `open()` → a backend as `openBackend` returns it; `{ p50, p99, max }` in ms, the backend closed after. */
export async function queueWait(open) {
  const backend = await open();
  let ended;
  try {
    const [engine] = backend.engines;
    const queuedAt = new Map();
    const waits = [];
    backend.bus.on('run.queued', ({ runId }) => queuedAt.set(runId, performance.now()));
    backend.bus.on('run.started', ({ runId }) => waits.push(performance.now() - queuedAt.get(runId)));
    const total = PACED_RATE * PACED_SECONDS;
    ended = completions(total + WARMUP);
    backend.bus.on('run.completed', (event) => ended.hear(event));
    for (let i = 0; i < WARMUP; i++) await engine.submit(backend.workflow);
    const deadline = performance.now() + 60_000;
    while (waits.length < WARMUP) {
      if (performance.now() > deadline) throw new Error(`queue wait bench: only ${waits.length} of ${WARMUP} warm-up runs started within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    waits.length = 0;
    const started = performance.now();
    const pending = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / PACED_RATE - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(engine.submit(backend.workflow));
    }
    await Promise.all(pending);
    await ended.all;
    if (ended.failed) throw new Error(`${ended.failed} benchmark runs did not succeed`);
    return { p50: percentile(waits, 50), p99: percentile(waits, 99), max: Math.max(...waits) };
  } finally {
    ended?.stop();
    await backend.close();
  }
}
