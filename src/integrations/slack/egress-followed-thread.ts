import type { Logger } from 'pino';
import { errorMessage } from '../../engine/errors.js';
import type { TriggerEvent } from '../../engine/trigger-event.js';
import type { RunStore } from '../../engine/ports/run-store.js';
import { runParentMessage, type RunHeadline } from './blocks.js';
import type { SlackClient } from './slack-client.js';
import type { SlackEventDetails } from './trigger-kind.js';

/** Where a followed run's messages go, and what its headline says. */
export interface FollowedThread {
  channel: string;
  /** The parent message this bot posted for the run (undefined when posting it failed). */
  parentTs?: string | undefined;
  /** The thread the run came from (a mention's): replies go there rather than under the parent. */
  threadTs?: string | undefined;
  headline: Omit<RunHeadline, 'status'>;
}

/**
 * Opens the Slack side of a run: reads its trigger event and, when it came from Slack, posts the parent message
 * (in the mention's thread when there is one, else in the channel). Undefined for runs Slack did not start.
 */
export async function followedThread(
  runId: string,
  deps: { client: Pick<SlackClient, 'post'>; store: Pick<RunStore, 'getRun'>; logger: Logger },
): Promise<FollowedThread | undefined> {
  const run = await deps.store.getRun(runId);
  const slack = slackOrigin(run?.event);
  if (!run || !slack) return undefined;
  const headline = { runId, workflow: run.workflowName, target: targetOf(run.event!, slack), userId: slack.userId };
  const thread: FollowedThread = { channel: slack.channelId, threadTs: slack.threadTs, headline };
  try {
    const parent = runParentMessage({ ...headline, status: 'running' });
    const posted = await deps.client.post({ channel: slack.channelId, ...parent, ...(slack.threadTs ? { threadTs: slack.threadTs } : {}) });
    thread.parentTs = posted.ts;
  } catch (error) {
    deps.logger.warn({ runId, error: errorMessage(error) }, 'Slack parent message not posted; results will go to the channel');
  }
  return thread;
}

function slackOrigin(event: TriggerEvent | undefined): SlackEventDetails | undefined {
  const slack = event?.source === 'slack' ? event.details?.slack : undefined;
  return slack && typeof slack.channelId === 'string' && slack.channelId !== '' ? slack : undefined;
}

/** `acme/api#42` when the event names a pull request or issue, else what the user typed. */
function targetOf(event: TriggerEvent, slack: SlackEventDetails): string | undefined {
  if (event.repo) return event.number !== undefined ? `${event.repo}#${event.number}` : event.repo;
  const text = slack.text.trim();
  return text === '' ? undefined : text;
}
