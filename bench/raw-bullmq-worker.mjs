// One raw BullMQ worker process, for bench/distributed-processes.mjs: a Worker on queue "raw" whose jobs do
// nothing, set up as BullmqQueue sets up its own (connection retrying forever), so "the engine in N worker
// processes" has "BullMQ alone in N processes" to be compared with. Says "raw BullMQ worker ready" on stderr.
// Env: REDIS_URL, RAW_PREFIX (the key prefix), RAW_CONCURRENCY (jobs at once).
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const { REDIS_URL, RAW_PREFIX, RAW_CONCURRENCY } = process.env;
const concurrency = Number(RAW_CONCURRENCY);
if (!REDIS_URL || !RAW_PREFIX || !(Number.isInteger(concurrency) && concurrency > 0)) {
  process.stderr.write('raw-bullmq-worker.mjs needs REDIS_URL, RAW_PREFIX and RAW_CONCURRENCY (a positive integer) in its environment\n');
  process.exit(2);
}

const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const worker = new Worker('raw', async () => undefined, { connection, concurrency, prefix: RAW_PREFIX });
worker.on('error', (error) => process.stderr.write(`raw BullMQ worker: ${error.message}\n`));
await worker.waitUntilReady();
process.stderr.write('raw BullMQ worker ready\n');

process.once('SIGTERM', async () => {
  await worker.close();
  connection.disconnect();
  process.exit(0);
});
