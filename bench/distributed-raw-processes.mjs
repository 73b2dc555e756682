// The raw BullMQ baseline for the worker-process rows of bench/distributed.mjs: `workers` processes of
// bench/raw-bullmq-worker.mjs (empty jobs, CONCURRENCY at once each) fed by a Queue in the bench process,
// which hears each job end through BullMQ's QueueEvents (a Redis stream): over Redis, as the engine rows hear
// theirs over pub/sub, so "engine in N processes vs BullMQ in N processes" compares like with like.
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { closeAll, startChild } from './child-processes.mjs';
import { CONCURRENCY, REDIS_URL, deleteKeys, uniqueName } from './distributed-backends.mjs';

const WORKER = fileURLToPath(new URL('./raw-bullmq-worker.mjs', import.meta.url));

/** Worker processes started and ready, and `{ add, close }` as `openRawBullmq` returns; `onDone` hears every finished job. */
export async function openRawProcesses(workers, onDone) {
  const prefix = uniqueName('rawp');
  const cleanup = [() => deleteKeys(prefix)];
  try {
    const producer = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    cleanup.push(() => producer.disconnect());
    const queue = new Queue('raw', { connection: producer, prefix });
    cleanup.push(() => queue.close());
    // From the stream's start ('0'), not from "now": the prefix is new, and no early completion may be missed.
    const listener = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    cleanup.push(() => listener.disconnect());
    const events = new QueueEvents('raw', { connection: listener, prefix, lastEventId: '0' });
    cleanup.push(() => events.close());
    events.on('completed', onDone);
    await events.waitUntilReady();

    const env = { REDIS_URL, RAW_PREFIX: prefix, RAW_CONCURRENCY: String(CONCURRENCY) };
    for (let i = 1; i <= workers; i++) {
      const worker = await startChild(`raw BullMQ worker ${i} of ${workers}`, [WORKER], { env, ready: /raw BullMQ worker ready/ });
      cleanup.push(() => worker.stop());
    }
    let next = 0;
    return {
      add: () => queue.add('run', {}, { jobId: `job-${++next}`, removeOnComplete: true, removeOnFail: true }),
      close: () => closeAll(cleanup),
    };
  } catch (error) {
    await closeAll(cleanup).catch(() => undefined);
    throw error;
  }
}
