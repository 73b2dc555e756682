import type { Logger } from 'pino';
import type { SubmitRequest, SubmitResult } from '../../engine/engine.js';
import { matchWorkflows } from '../../engine/match-trigger.js';
import { TriggerKindRegistry } from '../../engine/trigger-kind.js';
import type { Workflow } from '../../engine/workflow.js';
import { buildEvent, notificationKey } from './build-event.js';
import type { BuildNotification } from './build-notification.js';
import { jenkinsTriggerKind } from './trigger-kind.js';

export interface IngestBuildDeps {
  submit(workflow: Workflow, request: SubmitRequest): Promise<SubmitResult>;
  workflows(): readonly Workflow[];
  log: Logger;
}

export type IngestBuildResult =
  | { status: 'queued'; key: string; runIds: string[] }
  | { status: 'duplicate'; key: string; runIds: string[] }
  | { status: 'ignored'; key: string; ignored: string };

/** Most bytes of the request kept as `event.payload` on each run; past it, only the normalized fields are. */
const MAX_PAYLOAD_BYTES = 64 * 1024;
const kinds = new TriggerKindRegistry().register(jenkinsTriggerKind);

/**
 * The Jenkins request path after the token check: the workflows that listen (`on.jenkins`) are submitted
 * directly, each run keyed by the notification key and the workflow name, so a notification sent twice finds
 * its runs instead of starting new ones. `engine.submit` records the run durably before it returns, so the
 * answer (which waits for this) means "recorded". No Jenkins or GitHub call happens here.
 */
export async function ingestBuild(deps: IngestBuildDeps, notification: BuildNotification, raw: unknown): Promise<IngestBuildResult> {
  const key = notificationKey(notification);
  const log = deps.log.child({ deliveryId: key });
  const event = buildEvent(notification, slimPayload(raw, notification));
  const listening = matchWorkflows(kinds, deps.workflows(), event);
  if (listening.length === 0) {
    log.debug({ phase: notification.phase, status: notification.status }, 'jenkins notification ignored: no workflow listens');
    return { status: 'ignored', key, ignored: 'no workflow listens' };
  }
  const runIds: string[] = [];
  let created = 0;
  for (const workflow of listening) {
    const submitted = await deps.submit(workflow, { event, idempotencyKey: `${key}:${workflow.name}` });
    runIds.push(submitted.run.id);
    if (submitted.created) created++;
  }
  log.info({ runIds, created, job: notification.job, build: notification.build, phase: notification.phase }, created ? 'jenkins build queued' : 'repeated jenkins notification');
  return { status: created ? 'queued' : 'duplicate', key, runIds };
}

/** The request as `event.payload`, without the console log and artifact list the plugin may attach. */
function slimPayload(raw: unknown, notification: BuildNotification): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return notification;
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (copy.build !== null && typeof copy.build === 'object') {
    const { log: _log, artifacts: _artifacts, ...build } = copy.build as Record<string, unknown>;
    copy.build = build;
  }
  return Buffer.byteLength(JSON.stringify(copy)) <= MAX_PAYLOAD_BYTES ? copy : notification;
}
