import type { Logger } from 'pino';
import type { Clock } from '../../engine/clock.js';
import { errorMessage } from '../../engine/errors.js';
import type { EngineEvents, EventBus } from '../../engine/event-bus.js';
import type { RunStore } from '../../engine/ports/run-store.js';
import { runParentMessage, runResults, stepLine, type RunHeadline } from './blocks.js';
import { SLACK_DISPATCH_WORKFLOW } from './dispatch-workflow.js';
import { followedThread, type FollowedThread } from './egress-followed-thread.js';
import type { SlackClient } from './slack-client.js';

/** Runs followed at once; beyond this, new runs are not followed (and a warning says so) rather than growing memory. */
const MAX_FOLLOWED = 500;
/** How long `close` waits for queued posts before giving up on them. */
const CLOSE_WAIT_MS = 10_000;

interface Followed {
  /** The thread once the parent is posted; undefined for runs that did not come from Slack. */
  thread: Promise<FollowedThread | undefined>;
  /** This run's Slack calls, one after another, so the thread reads in order. */
  chain: Promise<void>;
}

/**
 * Follows runs that came from Slack in a thread: a parent message when the run starts, one reply per finished
 * step, the results as Block Kit at the end, and the parent updated to the final status. Posting is best effort:
 * a failure is logged and never reaches the run or the bus, and nothing here waits on the engine.
 */
export class RunFollower {
  private readonly runs = new Map<string, Followed>();
  private readonly log: Logger;
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: { client: Pick<SlackClient, 'post' | 'update'>; bus: EventBus; store: Pick<RunStore, 'getRun'>; logger: Logger; clock: Clock }) {
    this.log = deps.logger.child({ component: 'slack-follower' });
  }

  start(): void {
    if (this.unsubscribe.length > 0) return;
    const { bus } = this.deps;
    this.unsubscribe = [
      bus.on('run.started', (event) => this.started(event)),
      bus.on('step.completed', ({ runId, name, status, durationMs }) => {
        if (status !== 'skipped') this.reply(runId, stepLine({ name, status, durationMs }));
      }),
      bus.on('step.failed', ({ runId, name, error, willRetry, durationMs }) => {
        if (!willRetry) this.reply(runId, stepLine({ name, status: 'failure', durationMs, error }));
      }),
      bus.on('run.completed', (event) => this.completed(event)),
    ];
  }

  /** The thread a run's messages go to (awaits its parent message); undefined when the run is not followed. */
  async threadFor(runId: string): Promise<{ channel: string; threadTs: string } | undefined> {
    const thread = await this.runs.get(runId)?.thread;
    const threadTs = thread?.threadTs ?? thread?.parentTs;
    return thread && threadTs ? { channel: thread.channel, threadTs } : undefined;
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    let cancelTimer = () => {};
    const timeout = new Promise<void>((resolve) => (cancelTimer = this.deps.clock.setTimer(CLOSE_WAIT_MS, resolve)));
    await Promise.race([Promise.allSettled([...this.runs.values()].map((run) => run.chain)), timeout]);
    cancelTimer();
    this.runs.clear();
  }

  private started({ runId, workflow }: EngineEvents['run.started']): void {
    if (workflow === SLACK_DISPATCH_WORKFLOW || this.runs.has(runId)) return;
    if (this.runs.size >= MAX_FOLLOWED) {
      this.log.warn({ runId, followed: this.runs.size }, 'too many runs followed in Slack at once; this one gets no thread');
      return;
    }
    const thread = followedThread(runId, { ...this.deps, logger: this.log }).catch((error: unknown) => {
      this.log.warn({ runId, error: errorMessage(error) }, 'could not open the Slack thread for a run');
      return undefined;
    });
    this.runs.set(runId, { thread, chain: thread.then(() => undefined) });
  }

  private reply(runId: string, text: string): void {
    this.then(runId, 'step reply', async (thread) => {
      const threadTs = thread.threadTs ?? thread.parentTs;
      // Without a parent there is no thread: step lines would land in the channel one by one, so they are dropped.
      if (threadTs) await this.deps.client.post({ channel: thread.channel, text, threadTs });
    });
  }

  private completed({ runId, status, error, durationMs }: EngineEvents['run.completed']): void {
    const followed = this.runs.get(runId);
    if (!followed) return;
    this.then(runId, 'results', async (thread) => {
      const run = await this.deps.store.getRun(runId);
      const results = runResults({ ...thread.headline, status, durationMs, error, outputs: run?.outputs });
      const threadTs = thread.threadTs ?? thread.parentTs;
      await this.deps.client.post({ channel: thread.channel, ...results, ...(threadTs ? { threadTs } : {}) });
    });
    this.then(runId, 'parent update', async (thread) => {
      if (!thread.parentTs) return;
      const headline: RunHeadline = { ...thread.headline, status, durationMs };
      await this.deps.client.update({ channel: thread.channel, ts: thread.parentTs, ...runParentMessage(headline) });
    });
    followed.chain = followed.chain.then(() => void this.runs.delete(runId));
  }

  /** Queues `work` after the run's earlier Slack calls; its failure is logged, never thrown. */
  private then(runId: string, what: string, work: (thread: FollowedThread) => Promise<void>): void {
    const followed = this.runs.get(runId);
    if (!followed) return;
    followed.chain = followed.chain.then(async () => {
      const thread = await followed.thread;
      if (!thread) return;
      try {
        await work(thread);
      } catch (error) {
        this.log.warn({ runId, error: errorMessage(error) }, `Slack ${what} not posted`);
      }
    });
  }
}
