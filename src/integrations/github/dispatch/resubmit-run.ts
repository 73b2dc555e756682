import type { RunRecord } from '../../../engine/run-record.js';
import { rerunRequest } from './rerun-request.js';
import type { RunControl, SubmittedRun } from './run-control.js';

/**
 * Runs `previous` again for the delivery `deliveryId` asked in (`/sdlc rerun`, "Re-run" in the Checks tab):
 * the workflow version it ran, its inputs and trigger event, under the key `<delivery id>:<workflow>`, so a
 * redelivery of that request does not run it twice.
 */
export async function resubmitRun(runs: Pick<RunControl, 'submit'>, previous: RunRecord, deliveryId: string | undefined): Promise<SubmittedRun> {
  const key = deliveryId ? `${deliveryId}:${previous.workflowName}` : undefined;
  const { run, created } = await runs.submit(previous.workflow, rerunRequest(previous, key));
  return { workflow: previous.workflowName, runId: run.id, created };
}
