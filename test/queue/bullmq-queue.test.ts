import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { deferred, Probe, step, workflow } from '../helpers/engine.js';
import { requireRedis } from '../helpers/services.js';

const url = await requireRedis();

const opened: BullmqQueue[] = [];
let prefix = '';

/** A queue on a prefix of its own, so tests never see each other's jobs. */
function queue(concurrency = 2): BullmqQueue {
  const created = new BullmqQueue({ url: url!, concurrency, prefix, pollMs: 10 });
  opened.push(created);
  return created;
}

afterEach(async () => {
  for (const q of opened.splice(0)) await q.close();
  const redis = new Redis(url!);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.skipIf(!url)('the BullMQ run queue (real Redis)', () => {
  const fresh = () => (prefix = `asdlc-test-${randomUUID()}`);

  it('hands every enqueued run to the handler once, at most `concurrency` at a time', async () => {
    fresh();
    const q = queue(2);
    const seen: string[] = [];
    let running = 0;
    let most = 0;
    q.process(async (runId) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(runId);
      running--;
    });
    for (let i = 0; i < 8; i++) await q.enqueue(`run-${i}`);
    await q.drain();
    expect(seen.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `run-${i}`).sort());
    expect(most).toBe(2);
  });

  it('never queues a run twice while it waits or runs, and takes it again once it finished (a resume)', async () => {
    fresh();
    const q = queue(1);
    const gate = deferred();
    const seen: string[] = [];
    q.process(async (runId) => {
      seen.push(runId);
      if (seen.length === 1) await gate.promise;
    });
    await q.enqueue('run-a');
    await q.enqueue('run-a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await q.enqueue('run-a');
    gate.resolve();
    await q.drain();
    expect(seen).toEqual(['run-a']);
    await q.enqueue('run-a');
    await q.drain();
    expect(seen).toEqual(['run-a', 'run-a']);
  });

  it('shares the work between processes on the same queue: each run goes to exactly one worker', async () => {
    fresh();
    const [a, b] = [queue(2), queue(2)];
    const byWorker: Record<string, string[]> = { a: [], b: [] };
    a.process((runId) => Promise.resolve(void byWorker.a!.push(runId)));
    b.process((runId) => Promise.resolve(void byWorker.b!.push(runId)));
    for (let i = 0; i < 40; i++) await (i % 2 ? a : b).enqueue(`run-${i}`);
    await a.drain();
    const all = [...byWorker.a!, ...byWorker.b!];
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
  });

  it('leaves no connection open once closed, so a process using it can exit', async () => {
    fresh();
    const redis = new Redis(url!);
    const clients = async () => Number(/connected_clients:(\d+)/.exec(await redis.info('clients'))![1]);
    const before = await clients();
    const q = new BullmqQueue({ url: url!, concurrency: 1, prefix, pollMs: 10 });
    q.process(() => Promise.resolve());
    await q.enqueue('run-a');
    await q.drain();
    await q.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await clients()).toBe(before);
    redis.disconnect();
  });

  it('reports how many runs wait, and close lets the running ones finish', async () => {
    fresh();
    const producer = queue(1);
    for (let i = 0; i < 3; i++) await producer.enqueue(`run-${i}`);
    expect(await producer.depth()).toBe(3);
    const worker = queue(1);
    const started = deferred();
    let finished = false;
    worker.process(async () => {
      started.resolve();
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
    });
    await started.promise;
    await worker.close();
    expect(finished).toBe(true);
    expect(await producer.depth()).toBe(2);
  });
});

describe.skipIf(!url)('the engine on the BullMQ queue', () => {
  it('runs workflows end to end with their steps in order', async () => {
    prefix = `asdlc-test-${randomUUID()}`;
    const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-bullmq-'));
    const store = new SqliteRunStore(join(dir, 'state.db'));
    const probe = new Probe();
    const engine = new Engine({ store, queue: queue(4), actions: new ActionRegistry().register(...probe.actions()) }).start();
    try {
      const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => engine.submit(workflow(`wf-${i}`, [step('a', 'test.echo'), step('b', 'test.echo')]))));
      const done = await Promise.all(runs.map(({ run }) => engine.waitFor(run.id)));
      expect(done.map((run) => run.status)).toEqual(Array(10).fill('success'));
      expect(probe.calls).toHaveLength(20);
    } finally {
      await engine.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
