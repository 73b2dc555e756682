import { randomUUID } from 'node:crypto';

/** Time-ordered ids (`run_` + base36 millis + random) so listings sort by creation without a join. */
export function newRunId(now = Date.now()): string {
  // randomUUID draws from a cached entropy pool: far cheaper per call than randomBytes on the webhook path.
  return `run_${now.toString(36).padStart(9, '0')}${randomUUID().slice(-10)}`;
}
