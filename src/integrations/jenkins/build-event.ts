import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { BuildNotification } from './build-notification.js';

/**
 * The one key a notification is deduplicated on: Jenkins (and its Notification plugin) may send the same
 * phase of the same build twice (retries, two endpoints), and it must start its workflows once.
 */
export function notificationKey(notification: Pick<BuildNotification, 'job' | 'build' | 'phase'>): string {
  return `jenkins:${notification.job}#${notification.build}:${notification.phase}`;
}

/**
 * A notification as the engine sees it: `source: jenkins`, `event: build`, `action` the phase; the repository
 * and pull request when known (`repo`, `number`); everything Jenkins-specific under `details.jenkins`.
 */
export function buildEvent(notification: BuildNotification, payload: unknown): TriggerEvent {
  const { job, build, phase, status, url, commit, branch, pr, repo } = notification;
  const details = { job, build, phase, ...(status ? { status } : {}), ...(url ? { url } : {}), ...(commit ? { commit } : {}), ...(branch ? { branch } : {}), ...(pr !== undefined ? { pr } : {}) };
  return {
    source: 'jenkins',
    event: 'build',
    action: phase,
    ...(repo ? { repo } : {}),
    ...(pr !== undefined ? { number: pr } : {}),
    ...(branch ? { branch } : {}),
    details: { jenkins: details },
    deliveryId: notificationKey(notification),
    payload,
  };
}
