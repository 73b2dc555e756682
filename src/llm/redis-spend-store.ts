import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis as RedisType } from 'ioredis';
import { StepError, errorMessage } from '../engine/errors.js';
import { RESERVED_SCRIPT, RESERVE_SCRIPT } from './redis-spend-scripts.js';
import { safeRedisUrl } from '../net/redis-url.js';
import type { Reservation, ReserveOutcome, SpendClaim, SpendStore } from './spend-store.js';

const UNITS_PER_USD = 1e8;

export interface RedisSpendStoreOptions {
  /** `redis://…` (`REDIS_URL`). */
  url: string;
  /** Key prefix in Redis (tests isolate themselves with their own). */
  prefix?: string;
}

/**
 * LLM spend shared by every process on one Redis: totals are integers of 1e-8 USD added with INCRBY (atomic,
 * exact), reservations are sorted-set members checked and added by one Lua script (see redis-spend-scripts.ts).
 * Without Redis a budget cannot be enforced, so its failures fail the call (retryably) rather than let it through.
 */
export class RedisSpendStore implements SpendStore {
  private readonly redis: RedisType;
  private readonly prefix: string;
  private closed = false;

  constructor(private readonly options: RedisSpendStoreOptions) {
    this.prefix = options.prefix ?? 'agentic-sdlc:llm-spend:';
    // Loaded only when configured: the Redis client costs every CLI start time otherwise.
    const { Redis } = createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisType };
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000 });
    // Connection errors surface on the calls that fail; without a listener ioredis would print them.
    this.redis.on('error', () => undefined);
  }

  add(key: string, amountUsd: number, ttlMs: number): Promise<number> {
    return this.attempt('adding spend', async () => {
      const results = await this.redis.multi().incrby(this.total(key), toUnits(amountUsd)).pexpire(this.total(key), ttlMs).exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (!results || failure) throw failure ?? new Error('the transaction was aborted');
      return fromUnits(Number(results[0]![1]));
    });
  }

  get(key: string): Promise<number> {
    return this.attempt('reading spend', async () => fromUnits(Number((await this.redis.get(this.total(key))) ?? 0)));
  }

  reserve(claims: SpendClaim[], amountUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    return this.attempt('reserving budget', async () => {
      const member = `${randomUUID()}:${toUnits(amountUsd)}`;
      const keys = claims.flatMap((claim) => [this.total(claim.key), this.reservations(claim.key)]);
      const limits = claims.map((claim) => (claim.limitUsd === undefined ? '' : String(toUnits(claim.limitUsd))));
      const [refused, committed] = (await this.redis.eval(RESERVE_SCRIPT, keys.length, ...keys, toUnits(amountUsd), Math.ceil(ttlMs), member, ...limits)) as [number, number];
      if (refused > 0) return { refused: { key: claims[refused - 1]!.key, committedUsd: fromUnits(committed) } };
      return { reservation: { id: member, keys: claims.map((claim) => claim.key) } };
    });
  }

  release(reservation: Reservation): Promise<void> {
    return this.attempt('releasing a reservation', async () => {
      const transaction = this.redis.multi();
      for (const key of reservation.keys) transaction.zrem(this.reservations(key), reservation.id);
      await transaction.exec();
    });
  }

  reserved(key: string): Promise<number> {
    return this.attempt('reading reservations', async () => fromUnits(Number(await this.redis.eval(RESERVED_SCRIPT, 1, this.reservations(key)))));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private total(key: string): string {
    return `${this.prefix}total:${key}`;
  }

  private reservations(key: string): string {
    return `${this.prefix}reserved:${key}`;
  }

  private async attempt<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StepError(
        `LLM spend ledger on Redis at ${safeRedisUrl(this.options.url).shown}: ${what} failed: ${safeRedisUrl(this.options.url).scrub(errorMessage(error))}. ` +
          'Budgets cannot be enforced without it: check that Redis answers at REDIS_URL.',
        { retryable: true, code: 'llm_ledger_unavailable', cause: error },
      );
    }
  }
}

function toUnits(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) throw new Error(`an amount of money must be a finite number ≥ 0, got ${usd}`);
  return Math.round(usd * UNITS_PER_USD);
}

function fromUnits(units: number): number {
  return units / UNITS_PER_USD;
}
