import type { Clock } from '../../engine/clock.js';
import type { Logger } from '../../logger.js';
import type { TokenStore } from './token-store.js';

/**
 * Records when each token was last used, at most once a minute per token, so that a busy token costs
 * one write a minute and not one per request. The write is off the request's path; `close` waits for the
 * writes in flight. A failed write is logged with the token's id (never its text) and costs the caller nothing.
 */
export class UsageRecorder {
  private readonly lastWritten = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly logger?: Logger,
    private readonly everyMs = 60_000,
  ) {}

  used(id: string): void {
    const now = this.clock.now();
    if (now - (this.lastWritten.get(id) ?? -Infinity) < this.everyMs) return;
    // Bounded: forgetting only means one extra write for each token.
    if (this.lastWritten.size >= 10_000) this.lastWritten.clear();
    this.lastWritten.set(id, now);
    const write = this.tokens
      .touch(id, now)
      .catch((error: unknown) => this.logger?.warn({ tokenId: id, err: error }, 'could not record the API token use'))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
