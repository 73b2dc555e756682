import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SpendLedger } from '../../src/llm/ledger.js';
import { RedisSpendStore } from '../../src/llm/redis-spend-store.js';
import { requireRedis } from '../helpers/services.js';
import { redisTestPrefix } from './redis-keys.js';

const url = await requireRedis();
const keys = redisTestPrefix('llm-spend');

/** A worker process's view of the ledger: its own Redis connection. */
function processStore(): RedisSpendStore {
  return new RedisSpendStore({ url: url!, prefix: keys.prefix });
}

describe.skipIf(!url)('LLM spend on Redis, shared by processes', () => {
  const stores: RedisSpendStore[] = [];
  const open = () => {
    const store = processStore();
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await keys.cleanup(url!);
  });

  it('two processes adding 200 costs at once to one run and repository lose none, to the 1e-8 USD', async () => {
    const one = new SpendLedger(open());
    const two = new SpendLedger(open());
    const at = Date.UTC(2026, 2, 15);
    // Costs of every size a call has, each a whole number of 1e-8 USD: the exact total is known.
    const units = Array.from({ length: 200 }, (_, i) => 1 + ((i * 7_919_993) % 4_000_000));
    await Promise.all(units.map((unit, i) => (i % 2 === 0 ? one : two).record('run_shared', 'octo/repo', unit / 1e8, at)));

    const expected = units.reduce((sum, unit) => sum + unit, 0) / 1e8;
    const reader = new SpendLedger(open());
    expect(await reader.runSpent('run_shared')).toBe(expected);
    expect(await reader.repoSpent('octo/repo', at)).toBe(expected);
    expect(await reader.repoSpent('octo/repo', Date.UTC(2026, 3, 1))).toBe(0);
  });

  it('refuses a reservation that another process’s reservations leave no room for, and admits it once released', async () => {
    const one = open();
    const two = open();
    await one.add('spend:run:r2', 0.01, 60_000);
    const first = await one.reserve([{ key: 'spend:run:r2', limitUsd: 0.05 }, { key: 'spend:repo:x' }], 0.03, 60_000);
    expect(first).toHaveProperty('reservation');
    expect(await two.reserved('spend:run:r2')).toBe(0.03);
    expect(await two.reserved('spend:repo:x')).toBe(0.03);
    expect(await two.reserve([{ key: 'spend:run:r2', limitUsd: 0.05 }], 0.03, 60_000)).toEqual({ refused: { key: 'spend:run:r2', committedUsd: 0.04 } });

    if (!('reservation' in first)) throw new Error('the first reservation was refused');
    await one.release(first.reservation);
    expect(await two.reserved('spend:run:r2')).toBe(0);
    expect(await two.reserve([{ key: 'spend:run:r2', limitUsd: 0.05 }], 0.03, 60_000)).toHaveProperty('reservation');
  });

  it('stops counting the reservation of a process that died without releasing it once its TTL has passed', async () => {
    const alive = open();
    // A live reservation of another process keeps the set itself alive: only the dead one's entry may lapse.
    expect(await alive.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.01, 60_000)).toHaveProperty('reservation');
    const dead = processStore();
    expect(await dead.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.03, 300)).toHaveProperty('reservation');
    await dead.close();

    expect(await alive.reserved('spend:run:r3')).toBe(0.04);
    expect(await alive.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.03, 60_000)).toHaveProperty('refused');
    await sleep(400);
    expect(await alive.reserved('spend:run:r3')).toBe(0.01);
    expect(await alive.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.03, 60_000)).toHaveProperty('reservation');
  });

  it('fails with an error naming the Redis server, never its password, when Redis cannot be reached', async () => {
    const store = new RedisSpendStore({ url: 'redis://worker:s3cret-pass@127.0.0.1:1', prefix: keys.prefix });
    try {
      const error = (await store.get('spend:run:r4').catch((e: unknown) => e)) as Error & { code?: string; retryable?: boolean };
      expect(error.message).toMatch(/^LLM spend ledger on Redis at redis:\/\/worker:\*\*\*@127\.0\.0\.1:1: reading spend failed: .+ Budgets cannot be enforced without it: check that Redis answers at REDIS_URL\.$/);
      expect(error).toMatchObject({ code: 'llm_ledger_unavailable', retryable: true });
      expect(error.message).not.toContain('s3cret-pass');
    } finally {
      await store.close();
    }
  });
});
