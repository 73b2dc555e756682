import type Keyv from 'keyv';

const RUN_TTL_MS = 14 * 24 * 3600 * 1000;
const MONTH_TTL_MS = 62 * 24 * 3600 * 1000;

/**
 * Money spent on model calls, per run and per repository and calendar month (UTC), kept in the same
 * key-value store as the response cache so a resumed run, or another worker on Redis, sees the same totals.
 * Updates to one key are serialized in this process.
 */
export class SpendLedger {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly kv: Keyv) {}

  runSpent(runId: string): Promise<number> {
    return this.read(runKey(runId));
  }

  repoSpent(repo: string, at: number): Promise<number> {
    return this.read(repoKey(repo, at));
  }

  /** Adds a call's cost to its run and repository; returns the new run total. */
  async record(runId: string, repo: string | undefined, costUsd: number, at: number): Promise<number> {
    const runTotal = await this.add(runKey(runId), costUsd, RUN_TTL_MS);
    if (repo) await this.add(repoKey(repo, at), costUsd, MONTH_TTL_MS);
    return runTotal;
  }

  private async read(key: string): Promise<number> {
    const value = await this.kv.get<number>(key);
    return typeof value === 'number' ? value : 0;
  }

  private add(key: string, amount: number, ttl: number): Promise<number> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const total = roundUsd((await this.read(key)) + amount);
      await this.kv.set(key, total, ttl);
      return total;
    });
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }
}

export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

function runKey(runId: string): string {
  return `spend:run:${runId}`;
}

function repoKey(repo: string, at: number): string {
  return `spend:repo:${repo}:${monthOf(at)}`;
}

export function roundUsd(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
