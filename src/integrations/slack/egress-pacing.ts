import type { Clock } from '../../engine/clock.js';
import { CancelledError } from '../../engine/errors.js';

/** One channel's queue: calls run one at a time, `intervalMs` apart, and a 429 wait pushes `nextAt` for all of them. */
interface Lane {
  tail: Promise<void>;
  /** Earliest time the next call in this channel may start. */
  nextAt: number;
  pending: number;
}

/** Channels kept after they go quiet, so a burst right after one still waits its turn; idle ones beyond this are dropped. */
const MAX_IDLE_LANES = 1_000;

/**
 * Slack allows about one message per second per channel, and answers bursts with 429. Each channel gets its own
 * queue (a slow channel never delays another); a call starts only once the previous call in its channel has
 * finished and `intervalMs` has passed since, or later when Slack asked for a longer wait (`holdUntil`).
 */
export class ChannelPacer {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  run<T>(channel: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.pruneIdle();
    let lane = this.lanes.get(channel);
    if (!lane) this.lanes.set(channel, (lane = { tail: Promise.resolve(), nextAt: 0, pending: 0 }));
    const current = lane;
    current.pending++;
    const result = current.tail.then(async () => {
      if (signal?.aborted) throw new CancelledError('cancelled while waiting for its turn to post');
      const wait = current.nextAt - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      try {
        return await call();
      } finally {
        current.nextAt = Math.max(current.nextAt, this.clock.now() + this.intervalMs);
      }
    });
    current.tail = result.then(
      () => void current.pending--,
      () => void current.pending--,
    );
    return result;
  }

  /** Slack's `Retry-After` for this channel: nothing else is sent to it before then. */
  holdUntil(channel: string, at: number): void {
    const lane = this.lanes.get(channel);
    if (lane) lane.nextAt = Math.max(lane.nextAt, at);
  }

  /** Waits for every queued call (used by `close`). */
  async drain(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.tail));
  }

  private pruneIdle(): void {
    if (this.lanes.size < MAX_IDLE_LANES) return;
    const now = this.clock.now();
    for (const [channel, lane] of this.lanes) {
      if (lane.pending === 0 && lane.nextAt <= now) this.lanes.delete(channel);
    }
  }
}
