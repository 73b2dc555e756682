import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { RunHandler, RunQueue } from '../engine/ports/run-queue.js';
import { safeRedisUrl } from '../net/redis-url.js';

export interface BullmqQueueOptions {
  /** `redis://…` (`REDIS_URL`). */
  url: string;
  /** Runs executed at once by this process's worker. */
  concurrency: number;
  /** Queue name; processes that share it share the work. */
  name?: string;
  /** Key prefix in Redis (tests isolate themselves with their own). */
  prefix?: string;
  /** How often `drain` looks at the counts. */
  pollMs?: number;
  /**
   * How long a job stays locked to a worker that stopped renewing the lock (the run's lease, `engine.leaseMs`):
   * after that, BullMQ's stalled-job check hands it to another worker.
   */
  lockMs?: number;
}

/**
 * Runs waiting for a worker, on Redis through BullMQ, shared by every process that names the same queue. A
 * job is only a run id, keyed by it: a run waiting or running is never queued twice, and its state stays in
 * the store. Set up as BullMQ's production guide says: producers fail fast (no offline queue), the worker's
 * connection retries forever (`maxRetriesPerRequest: null`), finished jobs are removed (the store has the
 * outcome), and `close` lets the worker finish its active jobs.
 */
export class BullmqQueue implements RunQueue {
  private readonly name: string;
  private readonly producer: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  /** The worker's own connection: BullMQ never closes a connection it was handed, so `close` does. */
  private workerConnection: Redis | undefined;
  private closed = false;

  constructor(private readonly options: BullmqQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error(`queue concurrency must be a positive integer, got ${options.concurrency}`);
    this.name = options.name ?? 'agentic-sdlc-runs';
    this.producer = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 3, lazyConnect: false });
    // Connection errors surface on the calls that fail; without a listener ioredis would print them.
    this.producer.on('error', () => undefined);
    this.queue = new Queue(this.name, { connection: this.producer, ...(options.prefix ? { prefix: options.prefix } : {}) });
  }

  async enqueue(runId: string): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    await this.ready();
    await this.queue.add('run', { runId }, { jobId: runId, removeOnComplete: true, removeOnFail: true });
  }

  process(handler: RunHandler): void {
    if (this.worker) throw new Error('this queue already has a worker');
    const connection = new Redis(this.options.url, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.workerConnection = connection;
    this.worker = new Worker(this.name, async (job) => handler((job.data as { runId: string }).runId), {
      connection,
      concurrency: this.options.concurrency,
      ...(this.options.lockMs ? { lockDuration: this.options.lockMs, stalledInterval: this.options.lockMs } : {}),
      ...(this.options.prefix ? { prefix: this.options.prefix } : {}),
    });
    this.worker.on('error', () => undefined);
  }

  async depth(): Promise<number> {
    await this.ready();
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'paused');
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  /** Resolves once no job waits or runs anywhere on this queue (every process's workers included). */
  async drain(): Promise<void> {
    const pollMs = this.options.pollMs ?? 25;
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'paused', 'active');
      if (Object.values(counts).every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Waits for the jobs this worker is running; the rest stay queued for other workers.
    await this.worker?.close();
    this.workerConnection?.disconnect();
    await this.queue.close();
    this.producer.disconnect();
  }

  /** A producer without an offline queue rejects commands sent before it connects. */
  private async ready(): Promise<void> {
    if (this.producer.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => (cleanup(), resolve());
      const onEnd = () => (cleanup(), reject(new Error(`Redis at ${safeRedisUrl(this.options.url).shown} is unreachable`)));
      const cleanup = () => {
        this.producer.off('ready', onReady);
        this.producer.off('end', onEnd);
      };
      this.producer.once('ready', onReady);
      this.producer.once('end', onEnd);
    });
  }
}
