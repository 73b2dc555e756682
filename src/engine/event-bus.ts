import type { StepStatus, RunStatus } from './run-record.js';

/** Everything the engine tells the outside world. The CLI, server, Slack threads and metrics subscribe. */
export interface EngineEvents {
  'run.queued': { runId: string; workflow: string; status: RunStatus };
  'run.started': { runId: string; workflow: string };
  'run.completed': { runId: string; workflow: string; status: RunStatus; error?: string; durationMs: number };
  'step.started': { runId: string; stepId: string; name: string; attempt: number };
  'step.completed': { runId: string; stepId: string; name: string; status: StepStatus; attempt: number; durationMs: number };
  'step.failed': { runId: string; stepId: string; name: string; attempt: number; error: string; willRetry: boolean; durationMs: number };
  log: { runId: string; stepId?: string; level: 'debug' | 'info' | 'warn' | 'error'; message: string; data?: Record<string, unknown> };
  /** Free-form events an action emits (`llm.usage`, `github.comment.posted`, ...). */
  'action.event': { runId: string; stepId: string; name: string; data: unknown };
  /** Someone asked to cancel a run that may be executing in another process: the one holding it aborts it. */
  'run.cancelRequested': { runId: string; reason: string };
}

/**
 * How an event reached this bus: `remote` when another process's engine emitted it and a relay
 * (`ports/event-relay.ts`) delivered it here. Followers (SSE, `execute`'s wait, Slack threads) take both;
 * what counts or logs this process's own work (metrics, the log) takes only local ones, so a cluster's
 * totals add up.
 */
export interface EventMeta {
  remote: boolean;
}

const LOCAL: EventMeta = Object.freeze({ remote: false });

type Listener<T> = (payload: T, meta: EventMeta) => void;

/**
 * A small typed event bus. Listeners run synchronously and a throwing listener is isolated so a broken
 * subscriber (say, a closed SSE stream) can never fail a run.
 */
export class EventBus<E extends object = EngineEvents> {
  private readonly listeners = new Map<keyof E, Set<Listener<never>>>();

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const stored: Listener<never> = listener;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<K extends keyof E>(name: K, payload: E[K], meta: EventMeta = LOCAL): void {
    const set = this.listeners.get(name);
    if (set) {
      for (const listener of set) safely(() => (listener as Listener<E[K]>)(payload, meta));
    }
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A subscriber's failure is its own; the engine must go on.
  }
}
