import type Database from 'better-sqlite3';
import type { Lease, LeaseRenewal } from '../engine/ports/run-store.js';

/**
 * Who executes a run in the SQLite store, and until when (see Lease). Every change is one UPDATE whose
 * WHERE clause states the whole condition (the status, and the owner or the lease's end), so a process
 * opening the same file meanwhile (`runs resume`) cannot slip between a check and a write: SQLite runs
 * each statement under the write lock. `lease_until` is set only while a run is held; `lease_owner` stays
 * after, naming who ran it last.
 */
export class SqliteLeases {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      // Not from `running`, whoever holds it: an expired lease is released first (releaseExpired). A cancel
      // request already on the run (asked while an earlier owner ran it) is kept: a user asked, and the
      // process resuming the run honours it on its first renewal.
      markRunning: db.prepare(`UPDATE runs SET status = 'running', started_at = COALESCE(started_at, @startedAt),
        lease_owner = @owner, lease_until = @until WHERE id = @id AND status IN ('queued', 'interrupted')`),
      renew: db.prepare(`UPDATE runs SET lease_until = @until WHERE id = @id AND status = 'running' AND lease_owner = @owner
        RETURNING cancel_requested`),
      markInterrupted: db.prepare(`UPDATE runs SET status = 'interrupted', lease_until = NULL
        WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'running' AND lease_owner = @owner RETURNING id`),
      // A running run without a lease predates them (schema 3) or lost it: nobody renews it, so it is free.
      releaseExpired: db.prepare(`UPDATE runs SET status = 'interrupted', lease_until = NULL WHERE status = 'running'
        AND (lease_until IS NULL OR lease_until < @now OR lease_owner IN (SELECT value FROM json_each(@deadOwners))) RETURNING id`),
      // The first reason stays: it is the one the run ends with.
      requestCancel: db.prepare(`UPDATE runs SET cancel_requested = COALESCE(cancel_requested, ?) WHERE id = ? AND status = 'running'`),
    };
  }

  markRunning(id: string, startedAt: number, lease: Lease): boolean {
    return this.stmt.markRunning.run({ id, startedAt, owner: lease.owner, until: lease.until }).changes > 0;
  }

  renewLease(id: string, lease: Lease): LeaseRenewal {
    const row = this.stmt.renew.get({ id, owner: lease.owner, until: lease.until }) as { cancel_requested: string | null } | undefined;
    if (!row) return { held: false };
    return row.cancel_requested === null ? { held: true } : { held: true, cancelRequested: row.cancel_requested };
  }

  markInterrupted(ids: string[], owner: string): string[] {
    if (!ids.length) return [];
    const rows = this.stmt.markInterrupted.all({ ids: JSON.stringify(ids), owner }) as { id: string }[];
    const changed = new Set(rows.map((row) => row.id));
    return [...new Set(ids)].filter((id) => changed.has(id));
  }

  releaseExpired(now: number, deadOwners: readonly string[]): string[] {
    const rows = this.stmt.releaseExpired.all({ now, deadOwners: JSON.stringify(deadOwners) }) as { id: string }[];
    return rows.map((row) => row.id);
  }

  requestCancel(id: string, reason: string): boolean {
    return this.stmt.requestCancel.run(reason, id).changes > 0;
  }
}
