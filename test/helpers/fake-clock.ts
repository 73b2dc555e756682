import { CancelledError } from '../../src/engine/errors.js';
import type { Clock } from '../../src/engine/clock.js';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

/**
 * Time that moves only when told. With `autoAdvance`, a sleep jumps the clock straight to its deadline,
 * so retry backoffs complete instantly while their requested delays are recorded.
 */
export class FakeClock implements Clock {
  private time = 1_700_000_000_000;
  private timers: Timer[] = [];
  private nextId = 0;
  readonly sleeps: number[] = [];

  constructor(private readonly autoAdvance = false) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const cancel = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        cancel();
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.autoAdvance) queueMicrotask(() => this.advance(ms));
    });
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn, id: this.nextId++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = target;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
