import type { ActionTools } from '../../../engine/action.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { GITHUB_DISPATCH_WORKFLOW } from './dispatch-workflow.js';
import type { DispatchOutput } from './dispatch-output.js';
import { resubmitRun } from './resubmit-run.js';
import type { RunControl } from './run-control.js';

/**
 * "Re-run" on one of our check runs (`check_run.rerequested`): the run its `external_id` names runs again, as
 * `/sdlc rerun` would run it. GitHub only offers the button to people with write access. An id that names no
 * run of this repository (pruned, another installation's, the dispatcher itself) starts nothing.
 */
export async function rerunCheckRun(runs: RunControl, event: TriggerEvent, runId: string, tools: ActionTools): Promise<DispatchOutput> {
  const previous = await runs.getRun(runId);
  const sameRepo = previous?.event?.repo !== undefined && previous.event.repo.toLowerCase() === event.repo?.toLowerCase();
  if (!previous || !sameRepo || previous.workflowName === GITHUB_DISPATCH_WORKFLOW) {
    tools.log.warn('the re-requested check run names no run of this repository', { externalId: runId, repo: event.repo });
    return { outcome: 'ignored', reason: 'check run of an unknown run', runs: [] };
  }
  const run = await resubmitRun(runs, previous, event.deliveryId);
  tools.log.info(run.created ? 'check run re-requested: run submitted again' : 'check run re-requested: run already exists', {
    workflow: run.workflow,
    previousRunId: previous.id,
    childRunId: run.runId,
  });
  return { outcome: 'submitted', runs: [run] };
}
