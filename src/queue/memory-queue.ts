import type { RunHandler, RunQueue } from '../engine/ports/run-queue.js';

/** The zero-services queue: FIFO in memory with a concurrency limit. Lost jobs are recovered from the store. */
export class MemoryQueue implements RunQueue {
  private readonly waiting: string[] = [];
  private readonly known = new Set<string>();
  private active = 0;
  private handler: RunHandler | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency = 4) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`queue concurrency must be a positive integer, got ${concurrency}`);
  }

  enqueue(runId: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    // A run already waiting or running is not queued twice (a redelivered job, a resume racing a promotion).
    if (!this.known.has(runId)) {
      this.known.add(runId);
      this.waiting.push(runId);
      this.pump();
    }
    return Promise.resolve();
  }

  process(handler: RunHandler): void {
    this.handler = handler;
    this.pump();
  }

  depth(): Promise<number> {
    return Promise.resolve(this.waiting.length);
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    if (this.active > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.active === 0 && (this.waiting.length === 0 || this.closed);
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const runId = this.waiting.shift()!;
      this.active++;
      handler(runId)
        .catch(() => {
          // The handler records its own failures in the store; the queue only keeps going.
        })
        .finally(() => {
          this.active--;
          this.known.delete(runId);
          this.pump();
          if (this.isIdle()) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }
}
