import type { Logger } from 'pino';
import type { SubmitRequest, SubmitResult } from '../../../engine/engine.js';
import type { RunRecord } from '../../../engine/run-record.js';
import type { TriggerEvent } from '../../../engine/trigger-event.js';
import { matchGithubWorkflows } from '../trigger-kind.js';
import type { Workflow } from '../../../engine/workflow.js';
import { rerequestedRunId } from '../dispatch/check-run-rerequest.js';
import { githubDispatchWorkflow } from '../dispatch/dispatch-workflow.js';
import { isBotSender } from '../dispatch/is-bot.js';
import { normalizeGithubEvent } from './normalize-event.js';
import { rerunRequest } from '../dispatch/rerun-request.js';
import { slimPayload } from './slim-payload.js';

export interface IngestDeps {
  submit(workflow: Workflow, request: SubmitRequest): Promise<SubmitResult>;
  getRun(id: string): Promise<RunRecord | undefined>;
  workflows(): readonly Workflow[];
  /** This App's id: a `check_run.rerequested` for one of its check runs re-runs that run. */
  appId?: number | undefined;
  log: Logger;
}

export type IngestResult =
  | { status: 'skipped'; reason: string }
  | { status: 'queued'; runId: string }
  | { status: 'duplicate'; runId: string; resubmitted: string[] };

/**
 * The whole of a webhook's request path: normalize, drop what can start nothing, record one `github-dispatch`
 * run keyed by the delivery id. No GitHub API call happens here; the run does the rest in the background.
 *
 * A redelivery finds that run. If it failed, the store gave its key up and a new dispatch is created. If it
 * succeeded but a workflow it started failed, that workflow is submitted again (its key was given up too),
 * so redelivering after any failure recovers, while a delivery that went well never runs twice.
 */
export async function ingestDelivery(deps: IngestDeps, name: string, deliveryId: string, payload: unknown): Promise<IngestResult> {
  const log = deps.log.child({ deliveryId, event: name });
  const normalized = normalizeGithubEvent(name, payload, deliveryId);
  const skip = skipReason(normalized, deps.workflows(), deps.appId);
  if (skip) {
    log.debug({ reason: skip }, 'webhook ignored');
    return { status: 'skipped', reason: skip };
  }
  const event = { ...normalized, payload: slimPayload(payload) };
  const { run, created } = await deps.submit(githubDispatchWorkflow, { event, idempotencyKey: deliveryId });
  if (created) {
    log.info({ runId: run.id, action: event.action, repo: event.repo }, 'webhook queued');
    return { status: 'queued', runId: run.id };
  }
  const resubmitted = run.status === 'success' ? await resubmitFailedChildren(deps, run) : [];
  log.info({ runId: run.id, status: run.status, resubmitted }, 'redelivered webhook');
  return { status: 'duplicate', runId: run.id, resubmitted };
}

/** Cheap, in-memory reasons not to record anything. Per-repository rules are the dispatcher's job. */
function skipReason(event: TriggerEvent, workflows: readonly Workflow[], appId: number | undefined): string | undefined {
  if (!event.repo) return 'no repository';
  if (isBotSender(event)) return 'bot sender';
  // "Re-run" on one of our check runs; the dispatcher looks the run up.
  if (rerequestedRunId(event, appId) !== undefined) return undefined;
  if (event.event === 'issue_comment') {
    if (event.action !== 'created') return 'comment not created';
    return event.command ? undefined : 'no command';
  }
  if (matchGithubWorkflows(workflows, event).length > 0) return undefined;
  // A trigger label (per-repository setting) may start any workflow that listens to the event.
  if (event.action === 'labeled' && workflows.some((workflow) => workflow.on.github?.[event.event] !== undefined)) return undefined;
  return 'no workflow listens';
}

async function resubmitFailedChildren(deps: IngestDeps, dispatch: RunRecord): Promise<string[]> {
  const children = (dispatch.outputs?.runs ?? []) as { runId?: string }[];
  const resubmitted: string[] = [];
  for (const child of Array.isArray(children) ? children : []) {
    const previous = child.runId ? await deps.getRun(child.runId) : undefined;
    // Cancelled runs stay cancelled: a newer push replaced them.
    if (!previous || previous.status !== 'failure') continue;
    const { run, created } = await deps.submit(previous.workflow, rerunRequest(previous, previous.idempotencyKey?.split('#')[0]));
    if (created) resubmitted.push(run.id);
  }
  return resubmitted;
}
