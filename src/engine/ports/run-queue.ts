/**
 * Where admitted runs wait for a worker. Jobs are run ids only: the run's state lives in the store, so a
 * queue (in-process today, BullMQ later) never holds anything that would be lost with it.
 */
export type RunHandler = (runId: string) => Promise<void>;

export interface RunQueue {
  enqueue(runId: string): Promise<void>;
  /** Starts consuming with `handler`; at most the queue's concurrency of handlers run at once. */
  process(handler: RunHandler): void;
  /** Runs waiting for a worker (not those running): the queue-depth metric and `/readyz` read it. */
  depth(): Promise<number>;
  /** Resolves once nothing is waiting or running. */
  drain(): Promise<void>;
  /** Stops taking new jobs and waits for running ones. */
  close(): Promise<void>;
}
