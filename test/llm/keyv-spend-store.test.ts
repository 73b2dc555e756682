import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { KeyvSpendStore } from '../../src/llm/keyv-spend-store.js';

describe('LLM spend on the Keyv store (one process)', () => {
  it('adds concurrent costs to one key without losing any', async () => {
    const store = new KeyvSpendStore(new Keyv());
    const units = Array.from({ length: 100 }, (_, i) => 1 + ((i * 7_919_993) % 4_000_000));
    await Promise.all(units.map((unit) => store.add('spend:run:r1', unit / 1e8, 60_000)));
    expect(await store.get('spend:run:r1')).toBe(units.reduce((sum, unit) => sum + unit, 0) / 1e8);
  });

  it('admits only one of two reservations made at once when the limit has room for one', async () => {
    const store = new KeyvSpendStore(new Keyv());
    await store.add('spend:run:r2', 0.01, 60_000);
    const outcomes = await Promise.all([0, 1].map(() => store.reserve([{ key: 'spend:run:r2', limitUsd: 0.05 }, { key: 'spend:repo:x' }], 0.03, 60_000)));
    expect(outcomes.filter((outcome) => 'reservation' in outcome)).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'refused' in outcome)).toEqual([{ refused: { key: 'spend:run:r2', committedUsd: 0.04 } }]);
    expect(await store.reserved('spend:repo:x')).toBe(0.03);
  });

  it('stops counting a reservation never released once its TTL has passed', async () => {
    let now = 1_000;
    const store = new KeyvSpendStore(new Keyv(), () => now);
    await store.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.01, 60_000);
    await store.reserve([{ key: 'spend:run:r3', limitUsd: 0.05 }], 0.03, 300);
    expect(await store.reserved('spend:run:r3')).toBe(0.04);
    now += 300;
    expect(await store.reserved('spend:run:r3')).toBe(0.01);
  });
});
