import type { Clock } from './clock.js';
import { errorMessage } from './errors.js';
import type { RunQueue } from './ports/run-queue.js';
import type { RunStore } from './ports/run-store.js';

export interface OrphanSweepDeps {
  store: Pick<RunStore, 'listRuns' | 'releaseExpired'>;
  queue: Pick<RunQueue, 'enqueue'>;
  clock: Clock;
  /** This engine's lease owner: never counted as gone. */
  owner: string;
  leaseMs: number;
  isOwnerGone: (owner: string) => boolean;
  warn: (message: string) => void;
}

/**
 * Finds the runs nobody executes any more and queues them again, every half lease while the engine works the
 * queue: running runs whose lease ran out or whose process is gone, interrupted ones (their process shut
 * down), and queued ones older than a lease (their queue entry may be lost: a producer that crashed between
 * admitting and queueing, or a queue that was flushed). Queueing a run that is already queued or running is a
 * no-op for both queues, and `markRunning` lets only one process start it. This is what lets several workers
 * share one store and lose no run when one dies.
 */
export class OrphanSweep {
  private stopTimer: () => void = () => {};
  private stopped = true;

  constructor(private readonly deps: OrphanSweepDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.stopTimer();
  }

  /** running → interrupted for runs whose lease ran out or whose process is certainly gone; returns their ids. */
  async release(): Promise<string[]> {
    const { store, owner } = this.deps;
    const running = await store.listRuns({ status: ['running'], limit: 10_000 });
    const owners = new Set(running.flatMap((run) => (run.leaseOwner && run.leaseOwner !== owner ? [run.leaseOwner] : [])));
    const dead = [...owners].filter((candidate) => this.deps.isOwnerGone(candidate));
    return store.releaseExpired(this.deps.clock.now(), dead);
  }

  /** One pass: release, then queue the interrupted runs and the queued ones whose entry may be lost. */
  async sweep(): Promise<void> {
    const { store, queue, clock, leaseMs } = this.deps;
    await this.release();
    const interrupted = await store.listRuns({ status: ['interrupted'], limit: 500 });
    const lost = await store.listRuns({ status: ['queued'], createdBefore: clock.now() - leaseMs, limit: 500 });
    for (const run of [...interrupted.reverse(), ...lost.reverse()]) {
      if (this.stopped) return;
      await queue.enqueue(run.id);
    }
  }

  private schedule(): void {
    this.stopTimer = this.deps.clock.setTimer(Math.max(1, Math.floor(this.deps.leaseMs / 2)), () => {
      this.sweep()
        .catch((error: unknown) => this.deps.warn(`sweep for orphaned runs failed: ${errorMessage(error)}`))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    });
  }
}
