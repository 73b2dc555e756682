import type { TriggerEvent } from '../../../engine/trigger-event.js';

interface CheckRunPayload {
  check_run?: { external_id?: unknown; app?: { id?: unknown } | null };
}

/**
 * The agentic-sdlc run a `check_run.rerequested` delivery ("Re-run" in the Checks tab) asks to run again:
 * the check run's `external_id`, which `github.check-run` sets to the run id. Only for this App's own check
 * runs (`check_run.app.id`); other apps' check runs, other actions and an empty `external_id` give none. Pure.
 */
export function rerequestedRunId(event: TriggerEvent, appId: number | undefined): string | undefined {
  if (event.event !== 'check_run' || event.action !== 'rerequested' || appId === undefined) return undefined;
  const checkRun = (event.payload as CheckRunPayload | undefined)?.check_run;
  if (checkRun?.app?.id !== appId) return undefined;
  const externalId = checkRun.external_id;
  return typeof externalId === 'string' && externalId !== '' ? externalId : undefined;
}
