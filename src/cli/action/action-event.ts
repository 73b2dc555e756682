import { readFile } from 'node:fs/promises';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import { normalizeGithubEvent } from '../../integrations/github/webhook/normalize-event.js';
import { slimPayload } from '../../integrations/github/webhook/slim-payload.js';
import { CliError } from '../cli-error.js';

/**
 * The job's event as the engine's TriggerEvent, built as the App builds a webhook's: the payload GitHub
 * Actions writes to GITHUB_EVENT_PATH is the webhook payload, so the same normalization and slimming apply.
 */

/** GitHub Actions events that carry a pull request under another name than the webhook's. */
const PULL_REQUEST_ALIASES = new Set(['pull_request_target']);

export async function readEventPayload(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`GITHUB_EVENT_PATH ${path}: cannot read the event file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const payload: unknown = JSON.parse(text);
    if (payload && typeof payload === 'object' && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliError(`GITHUB_EVENT_PATH ${path}: not a JSON object (GitHub Actions writes the event payload there)`);
}

/**
 * `pull_request_target` is reviewed as `pull_request` (same payload; only the job's permissions differ), so
 * workflows and their `event.event == 'pull_request'` conditions need no second name. The delivery id marks
 * the run as one from GitHub, which is what the workflows' GitHub steps (fetch, comment, check run) wait for.
 */
export function actionEvent(eventName: string, payload: Record<string, unknown>, repository: string, jobRun: string): TriggerEvent {
  const name = PULL_REQUEST_ALIASES.has(eventName) ? 'pull_request' : eventName;
  const event = normalizeGithubEvent(name, payload, `actions-${jobRun}`);
  // `workflow_dispatch` and `schedule` payloads may lack `repository`; the job always knows it.
  event.repo ??= repository;
  return { ...event, payload: slimPayload(payload) };
}

/** `pull_request.opened`, `push`, `issue_comment.created`: how the event is named in messages. */
export function describeEvent(event: TriggerEvent): string {
  return event.action ? `${event.event}.${event.action}` : event.event;
}
