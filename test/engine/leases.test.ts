import { hostname } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { EventBus } from '../../src/engine/event-bus.js';
import type { EventRelay } from '../../src/engine/ports/event-relay.js';
import type { RunStore } from '../../src/engine/ports/run-store.js';
import { relayEvents } from '../../src/engine/relay-events.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { SqliteRunStore } from '../../src/store/sqlite-store.js';
import { Probe, step, workflow } from '../helpers/engine.js';

/**
 * Two engines on one store stand for two worker processes (distinct lease owners, separate queues and buses):
 * what one leaves, the other takes over, and a cancel asked of one reaches the run the other executes.
 */

const LEASE_MS = 300;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function sharedStore(): SqliteRunStore {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-lease-'));
  const store = new SqliteRunStore(join(dir, 'state.db'));
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A "worker process": its own queue, bus and lease owner on the shared store. `cut` makes its store calls fail (a partition). */
function workerOn(store: RunStore, options: { owner: string; bus?: EventBus; cut?: { renewals: boolean } }) {
  const probe = new Probe();
  const cut = options.cut;
  const reachable: RunStore = cut
    ? new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (name === 'renewLease') return (...args: Parameters<RunStore['renewLease']>) => (cut.renewals ? Promise.reject(new Error('partitioned')) : store.renewLease(...args));
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      })
    : store;
  const engine = new Engine({
    store: reachable,
    queue: new MemoryQueue(2),
    actions: new ActionRegistry().register(...probe.actions()),
    leaseMs: LEASE_MS,
    owner: options.owner,
    ...(options.bus ? { bus: options.bus } : {}),
  }).start();
  cleanups.push(async () => {
    await engine.close({ graceMs: 0 });
  });
  return { engine, probe };
}

const pipeline = workflow('pipeline', [step('first', 'test.echo'), step('second', 'test.hang', { needs: ['first'] }), step('third', 'test.echo', { needs: ['second'] })]);

describe('run leases between workers', () => {
  it('a worker cut off from the store loses its run to another, which resumes it after the finished steps; the first writes nothing more', async () => {
    const store = sharedStore();
    const cut = { renewals: false };
    const a = workerOn(store, { owner: 'host-a/1/a', cut });
    const { run } = await a.engine.submit(pipeline);
    await a.probe.whenStarted('second');
    cut.renewals = true;
    const b = workerOn(store, { owner: 'host-b/1/b' });
    // B's sweep releases the run once A's lease ran out and starts it; `test.hang` on B waits for an abort, so release it by hand.
    await b.probe.whenStarted('second');
    expect(b.probe.calls.map((call) => call.step)).toEqual(['second']);
    expect((await store.getRun(run.id))?.leaseOwner).toBe('host-b/1/b');
    // A learns it lost the run at its next renewal once reachable again, and stops its step.
    cut.renewals = false;
    await waitUntil(() => a.probe.signals.get('second')?.aborted === true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Fenced: A's aborted step recorded nothing (B's attempt stands) and A skipped nothing after it.
    expect((await store.getSteps(run.id)).map((r) => [r.stepId, r.status, r.attempt])).toEqual([
      ['first', 'success', 1],
      ['second', 'running', 2],
    ]);
    expect((await store.getRun(run.id))?.status).toBe('running');
    // Cancelled on B (the step hangs): the outcome is B's, and A's abort wrote no step record of its own.
    const ended = await b.engine.cancel(run.id, 'done with the test');
    expect(ended).toMatchObject({ status: 'cancelled' });
    const second = (await store.getSteps(run.id)).find((record) => record.stepId === 'second');
    expect(second).toMatchObject({ status: 'cancelled', attempt: 2, error: 'done with the test' });
  });

  it('a run whose owner process on this machine is gone is taken over at once, before its lease runs out', async () => {
    const store = sharedStore();
    const { run } = await store.admitRun({ id: 'r-dead', workflow: pipeline, inputs: {}, createdAt: Date.now() }, { cancelInProgress: false });
    // A pid that does not exist here (above the kernel's pid_max), holding a lease for an hour.
    expect(await store.markRunning(run.id, Date.now(), { owner: `${hostname()}/4194999/dead`, until: Date.now() + 3600_000 })).toBe(true);
    const b = workerOn(store, { owner: `${hostname()}/${process.pid}/b` });
    expect((await b.engine.recover()).map((r) => r.id)).toEqual([run.id]);
    await b.probe.whenStarted('second');
    // A live owner elsewhere with a live lease is left alone.
    const { run: other } = await store.admitRun({ id: 'r-live', workflow: pipeline, inputs: {}, createdAt: Date.now() }, { cancelInProgress: false });
    await store.markRunning(other.id, Date.now(), { owner: 'elsewhere/1/x', until: Date.now() + 3600_000 });
    expect((await b.engine.recover()).map((r) => r.id)).not.toContain(other.id);
    expect((await store.getRun(other.id))?.status).toBe('running');
    await b.engine.cancel(run.id, 'end');
  });

  it('a queued run whose queue entry was lost is started by the sweep', async () => {
    const store = sharedStore();
    // Admitted by a process that died before queueing it: only the store knows it.
    const { run } = await store.admitRun({ id: 'r-lost', workflow: workflow('quick', [step('only', 'test.echo', { with: { v: 1 } })]), inputs: {}, createdAt: Date.now() - LEASE_MS * 2 }, { cancelInProgress: false });
    const b = workerOn(store, { owner: 'host-b/1/b' });
    expect(await b.engine.waitFor(run.id)).toMatchObject({ status: 'success' });
  });

  it('a cancel asked of another worker reaches the run through the store alone, at the holder\'s next renewal', async () => {
    const store = sharedStore();
    const a = workerOn(store, { owner: 'host-a/1/a' });
    const b = workerOn(store, { owner: 'host-b/1/b' });
    const { run } = await a.engine.submit(pipeline);
    await a.probe.whenStarted('second');
    await b.engine.cancel(run.id, 'stop it from B');
    expect(await a.engine.waitFor(run.id)).toMatchObject({ status: 'cancelled', error: 'stop it from B' });
    expect(a.probe.signals.get('second')?.aborted).toBe(true);
  });

  it('through an event relay the cancel arrives at once, and the asker sees the run end', async () => {
    const store = sharedStore();
    const [busA, busB] = [new EventBus(), new EventBus()];
    const pair = linkedRelays();
    cleanups.push(() => {
      for (const stop of stops) stop();
      return Promise.resolve();
    });
    const stops = [await relayEvents(busA, pair[0]), await relayEvents(busB, pair[1])];
    // A lease of an hour: only the relay can carry the request in time.
    const a = new Engine({ store, queue: new MemoryQueue(2), actions: new ActionRegistry().register(...new Probe().actions()), leaseMs: 3600_000, owner: 'host-a/1/a', bus: busA }).start();
    const b = new Engine({ store, queue: new MemoryQueue(2), actions: new ActionRegistry(), leaseMs: 3600_000, owner: 'host-b/1/b', bus: busB });
    cleanups.push(() => a.close({ graceMs: 0 }).then(() => undefined));
    const { run } = await a.submit(workflow('hang', [step('wait', 'test.hang')]));
    await waitUntil(async () => (await store.getRun(run.id))?.status === 'running');
    const started = Date.now();
    expect(await b.cancel(run.id, 'relayed')).toMatchObject({ status: 'cancelled', error: 'relayed' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

/** Two relays wired to each other in memory: what one publishes, the other delivers. */
function linkedRelays(): [EventRelay, EventRelay] {
  const deliver: ((name: string, payload: unknown) => void)[] = [() => {}, () => {}];
  const relay = (self: number): EventRelay => ({
    publish: (name, payload) => queueMicrotask(() => deliver[1 - self]!(name, structuredClone(payload))),
    subscribe: (fn) => {
      deliver[self] = fn;
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  });
  return [relay(0), relay(1)];
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
