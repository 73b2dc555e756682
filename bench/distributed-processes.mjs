// Distributed mode as deployed, for bench/distributed.mjs: `agentic-sdlc worker` processes (the built CLI,
// dist/cli/main.js) on a fresh PostgreSQL database and Redis prefix, fed by an Engine in the bench process that
// is never started (the role of `serve --no-worker`: it admits and queues runs, executes none). The bench hears
// each run end as `run.completed` relayed over Redis pub/sub, as `serve` does: no polling load on PostgreSQL.
// The workflow is a file of three `labels.match` steps (the CLI has no no-op action; this one is pure and tiny).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { labelsMatchAction } from '../dist/actions/labels/label-rules.js';
import { ActionRegistry } from '../dist/engine/action.js';
import { Engine } from '../dist/engine/engine.js';
import { EventBus } from '../dist/engine/event-bus.js';
import { loadWorkflowDir } from '../dist/engine/loader/index.js';
import { relayEvents } from '../dist/engine/relay-events.js';
import { RedisEventRelay } from '../dist/events/redis-event-relay.js';
import { BullmqQueue } from '../dist/queue/bullmq-queue.js';
import { PostgresRunStore } from '../dist/store/postgres-store.js';
import { closeAll, startChild } from './child-processes.mjs';
import { CONCURRENCY, DATABASE_URL, REDIS_URL, deleteKeys, uniqueName } from './distributed-backends.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export const LABELS_WORKFLOW = `
name: bench-3-labels
on: { manual: true }
steps:
  - { id: a, uses: labels.match, with: { title: bench, rules: [{ label: bench, keywords: [bench] }] } }
  - { id: b, uses: labels.match, needs: [a], with: { title: bench, rules: [{ label: bench, keywords: [bench] }] } }
  - { id: c, uses: labels.match, needs: [b], with: { title: bench, rules: [{ label: bench, keywords: [bench] }] } }
`;

/** A new database on DATABASE_URL's server, as each test cluster gets; `drop()` removes it (connections and all). */
export async function createDatabase() {
  const name = uniqueName('db');
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * `workers` worker processes of CONCURRENCY runs each, started and ready (their start-up is not measured), and
 * the producer: `{ bus, engines: [producer], workflow, close }`, the shape `openBackend` returns. `close` kills
 * the workers, drops the database and deletes the Redis keys, whatever failed on the way.
 */
export async function openWorkerProcesses(workers) {
  const cleanup = [];
  try {
    const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bench-workers-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'workflows', 'bench-3-labels.yml'), LABELS_WORKFLOW);
    writeFileSync(join(dir, 'agentic-sdlc.yml'), `workflows:\n  dirs: [${JSON.stringify(join(dir, 'workflows'))}]\n`);
    const database = await createDatabase();
    cleanup.push(() => database.drop());
    const prefix = uniqueName('w');
    cleanup.push(() => deleteKeys(prefix));

    // The producer first: it migrates the new database before any worker connects.
    const actions = new ActionRegistry().register(labelsMatchAction);
    const loaded = await loadWorkflowDir(join(dir, 'workflows'), { actions });
    const workflow = loaded.workflows[0];
    if (!workflow) throw new Error(`bench/distributed-processes.mjs: its workflow does not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
    const store = await PostgresRunStore.connect(database.url);
    cleanup.push(() => store.close());
    const bus = new EventBus();
    const relay = new RedisEventRelay({ url: REDIS_URL, prefix });
    cleanup.push(() => relay.close());
    const stopRelay = await relayEvents(bus, relay);
    cleanup.push(stopRelay);
    const engine = new Engine({ store, queue: new BullmqQueue({ url: REDIS_URL, concurrency: CONCURRENCY, prefix }), actions, bus });
    cleanup.push(() => engine.close());

    const env = {
      HOME: dir,
      DATABASE_URL: database.url,
      REDIS_URL,
      AGENTIC_SDLC_REDIS_PREFIX: prefix,
      AGENTIC_SDLC_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
    };
    for (let i = 1; i <= workers; i++) {
      const args = [CLI, 'worker', '--port', '0', '--host', '127.0.0.1', '--config', join(dir, 'agentic-sdlc.yml')];
      const worker = await startChild(`agentic-sdlc worker ${i} of ${workers}`, args, { env, cwd: dir, ready: /agentic-sdlc worker listening on http:\/\// });
      cleanup.push(() => worker.stop());
    }
    return { bus, engines: [engine], workflow, close: () => closeAll(cleanup) };
  } catch (error) {
    await closeAll(cleanup).catch(() => undefined);
    throw error;
  }
}
