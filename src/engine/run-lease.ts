import type { Clock } from './clock.js';
import { CancelledError } from './errors.js';
import type { RunStore } from './ports/run-store.js';

/** The run was taken over by another process (this one's lease ran out) or handed back at shutdown. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

/**
 * Keeps one run's lease while this process executes it: renews it every third of its length, aborts the run
 * when a cancel request shows up on it (asked for on another instance) and fences the run when the lease is
 * lost. Once fenced, this process writes nothing more of the run (see `fenced`): the process that took it over
 * owns its steps and outcome now. A renewal that fails (the database unreachable) is retried at the next tick;
 * if the lease runs out meanwhile, another process may take over, and the next renewal says so.
 */
export class RunLease {
  private stopTimer: () => void = () => {};
  private stopped = false;
  private lost = false;

  constructor(
    private readonly deps: { store: Pick<RunStore, 'renewLease'>; clock: Clock; owner: string; leaseMs: number },
    private readonly runId: string,
    private readonly controller: AbortController,
  ) {}

  start(): this {
    this.schedule();
    return this;
  }

  /** True once this process may no longer write the run (taken over, or handed back). */
  get fenced(): boolean {
    return this.lost;
  }

  /** Gives the run up without asking the store (shutdown hands it back): abort, and write nothing more. */
  handBack(reason: string): void {
    this.fence(new LeaseLostError(reason));
  }

  stop(): void {
    this.stopped = true;
    this.stopTimer();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.stopTimer = this.deps.clock.setTimer(Math.max(1, Math.floor(this.deps.leaseMs / 3)), () => void this.renew());
  }

  private async renew(): Promise<void> {
    try {
      const renewal = await this.deps.store.renewLease(this.runId, { owner: this.deps.owner, until: this.deps.clock.now() + this.deps.leaseMs });
      if (this.stopped) return;
      if (!renewal.held) return this.fence(new LeaseLostError(`run ${this.runId} was taken over by another process (this one's lease ran out)`));
      if (renewal.cancelRequested !== undefined && !this.controller.signal.aborted) this.controller.abort(new CancelledError(renewal.cancelRequested));
    } catch {
      // The store is unreachable: the next tick tries again; the lease says whether it held.
    }
    this.schedule();
  }

  private fence(reason: LeaseLostError): void {
    this.lost = true;
    this.stop();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
