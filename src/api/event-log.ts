import type { JobEvent, JobEventType } from './job-service.js';

/**
 * The recent events of each job, numbered, in memory, so a stream that reconnects (`Last-Event-ID`) gets what
 * it missed exactly once. Bounded twice: at most `maxRuns` jobs (the oldest followed by nobody are forgotten
 * first, finished ones before running ones) and `maxEventsPerRun` events per job (the oldest dropped). A job
 * that was forgotten is rebuilt from the store by the caller (`synthesize-events.ts`).
 */
export interface EventLogLimits {
  maxRuns: number;
  maxEventsPerRun: number;
}

export const DEFAULT_EVENT_LOG_LIMITS: EventLogLimits = { maxRuns: 1000, maxEventsPerRun: 1000 };

type Listener = (event: JobEvent) => void;

class RunLog {
  readonly events: JobEvent[] = [];
  readonly listeners = new Set<Listener>();
  nextSeq = 1;
  completed = false;
}

export class JobEventLog {
  private readonly logs = new Map<string, RunLog>();
  /** Job id → the number of its `run.completed`, for finished jobs whose log was forgotten. */
  private readonly tombstones = new Map<string, number>();

  constructor(private readonly limits: EventLogLimits = DEFAULT_EVENT_LOG_LIMITS) {}

  has(runId: string): boolean {
    return this.logs.has(runId);
  }

  append(runId: string, type: JobEventType, data: unknown): JobEvent {
    const log = this.ensure(runId);
    const event: JobEvent = { seq: log.nextSeq++, type, data };
    log.events.push(event);
    // Dropped a tenth at a time, so a long job does not pay a shift per event.
    if (log.events.length > this.limits.maxEventsPerRun) log.events.splice(0, Math.ceil(this.limits.maxEventsPerRun / 10));
    if (type === 'run.completed') log.completed = true;
    for (const listener of [...log.listeners]) listener(event);
    if (log.completed) log.listeners.clear();
    return event;
  }

  /**
   * Synchronously replays the events after `afterSeq`, then delivers new ones until `run.completed`.
   * `over`: nothing more will come (the completion was replayed, or came at or before `afterSeq`).
   */
  follow(runId: string, afterSeq: number, listener: Listener): { stop(): void; over: boolean } {
    const log = this.ensure(runId);
    for (const event of log.events) if (event.seq > afterSeq) listener(event);
    if (log.completed) return { stop: () => {}, over: true };
    log.listeners.add(listener);
    return { stop: () => log.listeners.delete(listener), over: false };
  }

  /** The sequence number of a job's `run.completed`, while its log or its tombstone is kept. */
  completedSeq(runId: string): number | undefined {
    const log = this.logs.get(runId);
    if (log) return log.completed ? log.nextSeq - 1 : undefined;
    return this.tombstones.get(runId);
  }

  /** Notes the number a rebuilt completion was sent with, so a reconnect after it is told the job is over. */
  rememberCompletion(runId: string, seq: number): void {
    this.tombstones.delete(runId);
    this.tombstones.set(runId, seq);
    // Ten times as many as logs: a number each, not events.
    if (this.tombstones.size > this.limits.maxRuns * 10) this.tombstones.delete(this.tombstones.keys().next().value!);
  }

  private ensure(runId: string): RunLog {
    let log = this.logs.get(runId);
    if (!log) {
      this.logs.set(runId, (log = new RunLog()));
      if (this.logs.size > this.limits.maxRuns) this.evictOne(runId);
    }
    return log;
  }

  /** The oldest finished log nobody follows, else the oldest unfollowed one; followed logs are never cut off. */
  private evictOne(keep: string): void {
    let candidate: string | undefined;
    for (const [id, log] of this.logs) {
      if (log.listeners.size > 0 || id === keep) continue;
      if (log.completed) {
        candidate = id;
        break;
      }
      candidate ??= id;
    }
    if (!candidate) return;
    const seq = this.completedSeq(candidate);
    this.logs.delete(candidate);
    if (seq !== undefined) this.rememberCompletion(candidate, seq);
  }
}
