import type pg from 'pg';
import type { Lease, LeaseRenewal } from '../engine/ports/run-store.js';
import { text } from './postgres-rows.js';

/**
 * Who executes a run in the PostgreSQL store, and until when (see Lease), for several workers on several
 * machines. Every change is one UPDATE whose WHERE clause states the whole condition (the status, and the
 * owner or the lease's end), and READ COMMITTED re-checks that condition on the newest version of a row that
 * another transaction changed meanwhile: of two workers starting one run, the second finds it running; a
 * sweep meeting a lease renewed meanwhile leaves it, and a renewal after the sweep finds the run interrupted.
 * `lease_until` is set only while a run is held; `lease_owner` stays after, naming who ran it last. The
 * race tests are in test/store/postgres-store.test.ts.
 */

type Db = pg.Pool | pg.PoolClient;

/**
 * Not from `running`, whoever holds it: an expired lease is released first (releaseExpired). A cancel request
 * already on the run (asked while an earlier owner ran it) is kept: a user asked, and the process resuming
 * the run honours it on its first renewal.
 */
export async function markRunning(db: Db, id: string, startedAt: number, lease: Lease): Promise<boolean> {
  const result = await db.query(
    `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, $1), lease_owner = $2, lease_until = $3
      WHERE id = $4 AND status IN ('queued', 'interrupted')`,
    [startedAt, lease.owner, lease.until, id],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function renewLease(db: Db, id: string, lease: Lease): Promise<LeaseRenewal> {
  const result = await db.query<{ cancel_requested: string | null }>(
    `UPDATE runs SET lease_until = $1 WHERE id = $2 AND status = 'running' AND lease_owner = $3 RETURNING cancel_requested`,
    [lease.until, id, lease.owner],
  );
  const row = result.rows[0];
  if (!row) return { held: false };
  return row.cancel_requested === null ? { held: true } : { held: true, cancelRequested: row.cancel_requested };
}

/** Several rows: call it in a transaction that retries on a deadlock (rows are locked in scan order). */
export async function markInterrupted(db: Db, ids: string[], owner: string): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `UPDATE runs SET status = 'interrupted', lease_until = NULL WHERE id = ANY($1::text[]) AND status = 'running' AND lease_owner = $2
      RETURNING id`,
    [ids, owner],
  );
  const changed = new Set(result.rows.map((row) => row.id));
  return [...new Set(ids)].filter((id) => changed.has(id));
}

/**
 * A running run without a lease predates them (schema 2): nobody renews it, so it is free. Several rows: call
 * it in a transaction that retries on a deadlock. Reads only running runs (the partial index runs_by_lease).
 */
export async function releaseExpired(db: Db, now: number, deadOwners: readonly string[]): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `UPDATE runs SET status = 'interrupted', lease_until = NULL WHERE status = 'running'
      AND (lease_until IS NULL OR lease_until < $1 OR lease_owner = ANY($2::text[])) RETURNING id`,
    [now, [...deadOwners]],
  );
  return result.rows.map((row) => row.id);
}

/** The first reason stays: it is the one the run ends with. */
export async function requestCancel(db: Db, id: string, reason: string): Promise<boolean> {
  const result = await db.query(`UPDATE runs SET cancel_requested = COALESCE(cancel_requested, $1) WHERE id = $2 AND status = 'running'`, [
    text(reason),
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}
