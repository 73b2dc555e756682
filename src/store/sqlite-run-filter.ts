import type { RunFilter } from '../engine/ports/run-store.js';

/**
 * A RunFilter as the WHERE clause of the SQLite store's listRuns (over `runs r`), with its parameters in
 * order. Every value is a parameter; only the shape of the clause depends on the filter.
 */
export function runFilterSql(filter: RunFilter): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status?.length) {
    where.push(`r.status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.workflow) {
    where.push('r.workflow_name = ?');
    params.push(filter.workflow);
  }
  if (filter.repo !== undefined) {
    where.push('r.event_repo = ?');
    params.push(filter.repo);
  }
  if (filter.number !== undefined) {
    where.push('r.event_number = ?');
    params.push(filter.number);
  }
  if (filter.source !== undefined) {
    // Not indexed: the API's occasional filter; runs without an event were started by hand.
    where.push(`COALESCE(json_extract(r.event_json, '$.source'), 'manual') = ?`);
    params.push(filter.source);
  }
  if (filter.createdFrom !== undefined) {
    where.push('r.created_at >= ?');
    params.push(filter.createdFrom);
  }
  if (filter.createdBefore !== undefined) {
    where.push('r.created_at < ?');
    params.push(filter.createdBefore);
  }
  if (filter.leaseExpiredBefore !== undefined) {
    // A running run with no lease at all was started before leases existed (schema 3): nobody holds it.
    where.push(`r.status = 'running' AND (r.lease_until IS NULL OR r.lease_until < ?)`);
    params.push(filter.leaseExpiredBefore);
  }
  if (filter.after) {
    // Same order as listRuns' ORDER BY: older, or as old and admitted before (a smaller rowid).
    where.push('(r.created_at < ? OR (r.created_at = ? AND r.rowid < (SELECT rowid FROM runs WHERE id = ?)))');
    params.push(filter.after.createdAt, filter.after.createdAt, filter.after.id);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
