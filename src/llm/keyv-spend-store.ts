import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import { roundUsd } from './ledger.js';
import type { Reservation, ReserveOutcome, SpendClaim, SpendStore } from './spend-store.js';

/**
 * Spend on the response cache's Keyv store, reservations in this process's memory: exact for one process
 * (additions to a key are serialized here), but two processes adding to one key at once can lose one
 * addition, and neither sees the other's reservations. For one process; several use the Redis store.
 */
export class KeyvSpendStore implements SpendStore {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly reservations = new Map<string, { keys: readonly string[]; amountUsd: number; expiresAt: number }>();

  constructor(
    private readonly kv: Keyv,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<number> {
    const value = await this.kv.get<number>(key);
    return typeof value === 'number' ? value : 0;
  }

  add(key: string, amountUsd: number, ttlMs: number): Promise<number> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const total = roundUsd((await this.get(key)) + amountUsd);
      await this.kv.set(key, total, ttlMs);
      return total;
    });
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  async reserve(claims: SpendClaim[], amountUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    const totals = await Promise.all(claims.map((claim) => (claim.limitUsd === undefined ? Promise.resolve(0) : this.get(claim.key))));
    // Nothing awaits from here to the insertion, so this process's reservations cannot interleave.
    for (const [index, claim] of claims.entries()) {
      if (claim.limitUsd === undefined) continue;
      const committedUsd = roundUsd(totals[index]! + this.liveSum(claim.key));
      if (committedUsd + amountUsd > claim.limitUsd) return { refused: { key: claim.key, committedUsd } };
    }
    const reservation: Reservation = { id: randomUUID(), keys: claims.map((claim) => claim.key) };
    this.reservations.set(reservation.id, { keys: reservation.keys, amountUsd, expiresAt: this.now() + ttlMs });
    return { reservation };
  }

  release(reservation: Reservation): Promise<void> {
    this.reservations.delete(reservation.id);
    return Promise.resolve();
  }

  reserved(key: string): Promise<number> {
    return Promise.resolve(this.liveSum(key));
  }

  /** The Keyv store belongs to the response cache, which closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private liveSum(key: string): number {
    const now = this.now();
    let sum = 0;
    for (const [id, entry] of this.reservations) {
      if (entry.expiresAt <= now) this.reservations.delete(id);
      else if (entry.keys.includes(key)) sum += entry.amountUsd;
    }
    return roundUsd(sum);
  }
}
