import type { Reservation, SpendClaim, SpendStore } from './spend-store.js';

const RUN_TTL_MS = 14 * 24 * 3600 * 1000;
const MONTH_TTL_MS = 62 * 24 * 3600 * 1000;

export interface ReserveRequest {
  runId: string;
  repo: string | undefined;
  at: number;
  /** The worst-case cost of the call about to be made. */
  amountUsd: number;
  runLimitUsd: number;
  /** Checked only with a repo. */
  repoMonthlyLimitUsd: number | undefined;
  /** How long the call can take at most: a reservation its process never releases ends then. */
  ttlMs: number;
}

export type Admission = { reservation: Reservation } | { refused: 'run' | 'repo'; committedUsd: number };

/**
 * Money spent on model calls, per run and per repository and calendar month (UTC), and the worst-case cost
 * of calls in flight. Kept in a `SpendStore` so a resumed run, or another worker on the same Redis, sees the
 * same totals and reservations.
 */
export class SpendLedger {
  constructor(private readonly store: SpendStore) {}

  runSpent(runId: string): Promise<number> {
    return this.store.get(runKey(runId));
  }

  repoSpent(repo: string, at: number): Promise<number> {
    return this.store.get(repoKey(repo, at));
  }

  /** Spent plus reserved by calls in flight, in every process sharing the store. */
  async runCommitted(runId: string): Promise<number> {
    return roundUsd((await this.runSpent(runId)) + (await this.store.reserved(runKey(runId))));
  }

  async repoCommitted(repo: string, at: number): Promise<number> {
    return roundUsd((await this.repoSpent(repo, at)) + (await this.store.reserved(repoKey(repo, at))));
  }

  /** Adds a call's cost to its run and repository; returns the new run total. */
  async record(runId: string, repo: string | undefined, costUsd: number, at: number): Promise<number> {
    const runTotal = await this.store.add(runKey(runId), costUsd, RUN_TTL_MS);
    if (repo) await this.store.add(repoKey(repo, at), costUsd, MONTH_TTL_MS);
    return runTotal;
  }

  /** Reserves a call's worst case on its run and repository, unless that could exceed a limit (run first). */
  async reserve(request: ReserveRequest): Promise<Admission> {
    const { runId, repo, at, amountUsd, runLimitUsd, repoMonthlyLimitUsd, ttlMs } = request;
    const run = runKey(runId);
    const claims: SpendClaim[] = [{ key: run, limitUsd: runLimitUsd }];
    if (repo) claims.push({ key: repoKey(repo, at), ...(repoMonthlyLimitUsd === undefined ? {} : { limitUsd: repoMonthlyLimitUsd }) });
    const outcome = await this.store.reserve(claims, amountUsd, ttlMs);
    if ('reservation' in outcome) return outcome;
    return { refused: outcome.refused.key === run ? 'run' : 'repo', committedUsd: outcome.refused.committedUsd };
  }

  release(reservation: Reservation): Promise<void> {
    return this.store.release(reservation);
  }

  close(): Promise<void> {
    return this.store.close();
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
