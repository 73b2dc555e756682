// How bench/distributed.mjs drives a backend: RUNS submissions from PRODUCERS loops, timed until every one
// has been heard complete, whether the completions come from this process's engines or over Redis.
import { performance } from 'node:perf_hooks';

export const RUNS = 500;
export const WARMUP = 50;
/** Submissions in flight at once, as concurrent webhook deliveries or API calls would make them. */
export const PRODUCERS = 8;
/**
 * No completion heard for this long means the backend is stuck (a worker process died, or the event relay
 * dropped events): fail the bench with a count rather than hang it.
 */
const STALL_MS = 60_000;

/** Resolves once `count` runs (or jobs) have ended; counts the ones that did not succeed. */
export function completions(count) {
  let done = 0;
  let failed = 0;
  let finish;
  let stall;
  let timer;
  const all = new Promise((resolve, reject) => ((finish = resolve), (stall = reject)));
  // Rejected before anyone awaits it (while the producers still submit), it must not count as unhandled.
  all.catch(() => undefined);
  const watch = () => {
    clearTimeout(timer);
    // Not unref'd: it must fire even when nothing else keeps the process alive.
    timer = setTimeout(() => stall(new Error(`benchmark stalled: ${done} of ${count} runs completed, none in the last ${STALL_MS / 1000} s (is a worker process dead, or Redis down?)`)), STALL_MS);
  };
  watch();
  return {
    all,
    get failed() {
      return failed;
    },
    /** Stops the stall timer (when the caller gives up first, e.g. a submission failed). */
    stop() {
      clearTimeout(timer);
    },
    hear(event) {
      if (event && event.status && event.status !== 'success') failed++;
      if (++done === count) {
        clearTimeout(timer);
        finish();
      } else watch();
    },
  };
}

/** `submit(i)` for i in [0, total) from PRODUCERS loops, then waits for every completion; jobs/s over the whole. */
export async function drive(total, submit, subscribe) {
  const ended = completions(total);
  const off = subscribe((event) => ended.hear(event));
  try {
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: PRODUCERS }, async () => {
      while (next < total) await submit(next++);
    }));
    await ended.all;
    const seconds = (performance.now() - started) / 1000;
    if (ended.failed) throw new Error(`${ended.failed} benchmark runs did not succeed`);
    return total / seconds;
  } finally {
    ended.stop();
    off();
  }
}
