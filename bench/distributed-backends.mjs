// The backends bench/distributed.mjs measures, each made fresh and removed after: a SQLite file or a new
// PostgreSQL schema, MemoryQueue or BullMQ on a Redis key prefix of its own, and one or two engines in this
// process sharing one event bus (so either engine's `run.completed` reaches the bench). Also the raw BullMQ
// baseline (a Queue and Workers that do nothing) and the probes that say whether Redis and PostgreSQL answer.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { z } from 'zod';
import { ActionRegistry, defineAction } from '../dist/engine/action.js';
import { Engine } from '../dist/engine/engine.js';
import { EventBus } from '../dist/engine/event-bus.js';
import { BullmqQueue } from '../dist/queue/bullmq-queue.js';
import { MemoryQueue } from '../dist/queue/memory-queue.js';
import { PostgresRunStore } from '../dist/store/postgres-store.js';
import { SqliteRunStore } from '../dist/store/sqlite-store.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Runs (or raw jobs) one engine (or worker) executes at once: `engine.concurrency`'s default. */
export const CONCURRENCY = 4;

export const noop = defineAction({
  name: 'bench.noop',
  description: 'does nothing',
  input: z.object({}).passthrough(),
  output: z.object({}).passthrough(),
  run: async () => ({}),
});

/** Three no-op steps in a chain, as the loader would build them from YAML. */
export const threeSteps = {
  name: 'bench-3',
  on: { manual: true },
  inputs: {},
  env: {},
  outputs: {},
  steps: ['a', 'b', 'c'].map((id, i, ids) => ({ id, uses: 'bench.noop', with: {}, needs: i ? [ids[i - 1]] : [], continueOnError: false })),
};

/** Host and port only: a URL's password never reaches the bench's output. */
export const where = (url) => {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port}`;
};

export async function redisProblem() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let cause;
  redis.on('error', (error) => (cause ??= error.message));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return cause ?? error.message;
  } finally {
    redis.disconnect();
  }
}

export async function postgresProblem() {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error.message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const uniqueName = (kind) => `asdlc_bench_${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Deletes every key under a prefix with SCAN (never KEYS: the Redis may be shared). */
export async function deleteKeys(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1_000 })) if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

/**
 * `{ store: 'sqlite' | 'postgres', queue: 'memory' | 'bullmq', engines }` → engines started on it, their shared
 * bus, the workflow to submit (`threeSteps`), and `close()`, which stops them and removes the database and
 * the Redis keys.
 */
export async function openBackend({ store, queue, engines = 1 }) {
  if (engines > 1 && (store === 'sqlite' || queue === 'memory')) throw new Error('two engines need PostgreSQL and BullMQ');
  const bus = new EventBus();
  const actions = new ActionRegistry().register(noop);
  const prefix = uniqueName('q');
  const schema = uniqueName('s');
  const dir = store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-')) : undefined;
  const opened = [];
  for (let i = 0; i < engines; i++) {
    // One store per engine, as two processes would each have their own pool on the same schema.
    const runStore = dir ? new SqliteRunStore(join(dir, 'state.db')) : await PostgresRunStore.connect(DATABASE_URL, { schema });
    const runQueue = queue === 'memory' ? new MemoryQueue(CONCURRENCY) : new BullmqQueue({ url: REDIS_URL, concurrency: CONCURRENCY, prefix });
    opened.push({ store: runStore, queue: runQueue, engine: new Engine({ store: runStore, queue: runQueue, actions, bus }).start() });
  }
  return {
    bus,
    engines: opened.map((o) => o.engine),
    workflow: threeSteps,
    store: opened[0].store,
    async close() {
      for (const { engine, store: runStore } of opened) {
        await engine.close();
        await runStore.close();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (store === 'postgres') {
        const admin = new pg.Client({ connectionString: DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
      if (queue === 'bullmq') await deleteKeys(prefix);
    },
  };
}

/**
 * BullMQ with nothing of ours: a Queue whose jobs are added as BullmqQueue adds them (id, removed when done)
 * and `workers` Workers of CONCURRENCY each whose processor does nothing. `onDone` hears every finished job.
 */
export async function openRawBullmq(workers, onDone) {
  const prefix = uniqueName('raw');
  const producer = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const queue = new Queue('raw', { connection: producer, prefix });
  const connections = [];
  const started = [];
  for (let i = 0; i < workers; i++) {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker('raw', async () => undefined, { connection, concurrency: CONCURRENCY, prefix });
    worker.on('completed', onDone);
    connections.push(connection);
    started.push(worker);
  }
  let next = 0;
  return {
    add: () => queue.add('run', {}, { jobId: `job-${++next}`, removeOnComplete: true, removeOnFail: true }),
    async close() {
      for (const worker of started) await worker.close();
      await queue.close();
      for (const connection of [producer, ...connections]) connection.disconnect();
      await deleteKeys(prefix);
    },
  };
}
