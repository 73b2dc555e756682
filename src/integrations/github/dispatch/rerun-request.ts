import type { SubmitRequest } from '../../../engine/engine.js';
import type { RunRecord } from '../../../engine/run-record.js';

/**
 * What runs `previous` again: its inputs and trigger event, under `idempotencyKey`. Submit it with
 * `previous.workflow`, the workflow version that run used. GitHub steps read the pull request as it is now
 * (the diff is fetched again). Pure; `/sdlc rerun`, the Checks tab's "Re-run" and a redelivery after a failed
 * run all go through it.
 */
export function rerunRequest(previous: RunRecord, idempotencyKey: string | undefined): SubmitRequest {
  return {
    inputs: previous.inputs,
    ...(previous.event ? { event: previous.event } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}
