/**
 * Carries engine events between the processes of one deployment (Redis pub/sub in distributed mode), so a
 * stream, a Slack thread or `execute`'s wait in one process follows a run a worker in another executes, and
 * a cancel request reaches the process that holds the run. Delivery is best effort and in order per
 * publisher; nothing durable depends on it (a run's state is in the store, a cancel request too).
 */
export interface EventRelay {
  /** Sends an event this process's engine emitted to every other process; never throws (a lost event is logged by the relay). */
  publish(name: string, payload: unknown): void;
  /** Starts delivering what other processes publish (never this process's own); resolves once subscribed. */
  subscribe(deliver: (name: string, payload: unknown) => void): Promise<void>;
  close(): Promise<void>;
}
