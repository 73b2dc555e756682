import { randomBytes } from 'node:crypto';

/** Time-ordered ids (`run_` + base36 millis + random) so listings sort by creation without a join. */
export function newRunId(now = Date.now()): string {
  return `run_${now.toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
}
