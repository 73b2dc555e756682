import type { RunFilter } from '../engine/ports/run-store.js';

/**
 * A RunFilter as the WHERE clause of the PostgreSQL store's listRuns (over `runs r`), with its parameters in
 * order. Every value is a parameter ($1, $2, …); only the shape of the clause depends on the filter. The
 * caller appends its own parameters (the limit) after these.
 */
export function runFilterSql(filter: RunFilter): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.status?.length) where.push(`r.status = ANY(${param(filter.status)}::text[])`);
  if (filter.workflow) where.push(`r.workflow_name = ${param(filter.workflow)}`);
  if (filter.repo !== undefined) where.push(`r.event_repo = ${param(filter.repo)}`);
  if (filter.number !== undefined) where.push(`r.event_number = ${param(filter.number)}`);
  // Runs without an event were started by hand.
  if (filter.source !== undefined) where.push(`COALESCE(r.event->>'source', 'manual') = ${param(filter.source)}`);
  if (filter.createdFrom !== undefined) where.push(`r.created_at >= ${param(filter.createdFrom)}`);
  if (filter.createdBefore !== undefined) where.push(`r.created_at < ${param(filter.createdBefore)}`);
  if (filter.leaseExpiredBefore !== undefined) {
    // A running run with no lease at all was started before leases existed (schema 2): nobody holds it.
    where.push(`r.status = 'running' AND (r.lease_until IS NULL OR r.lease_until < ${param(filter.leaseExpiredBefore)})`);
  }
  if (filter.after) {
    // listRuns' ORDER BY, as a cursor: older, or as old and admitted before.
    const at = param(filter.after.createdAt);
    where.push(`(r.created_at < ${at} OR (r.created_at = ${at} AND r.seq < (SELECT seq FROM runs WHERE id = ${param(filter.after.id)})))`);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
