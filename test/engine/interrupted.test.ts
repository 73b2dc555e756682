import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { createTestEngine, Probe, step, workflow, type TestEngine } from '../helpers/engine.js';

let t: TestEngine;
afterEach(async () => {
  // The first process's hung step never ends (as in a process that exits); only its grace period is waited for.
  await t.engine.close({ graceMs: 0 });
  await t.store.close();
  rmSync(dirname(t.store.db.name), { recursive: true, force: true });
});

/** A second process on the same state file, whose `test.hang` steps finish at once. */
function nextProcess(store: TestEngine['store']) {
  const probe = new Probe();
  const engine = new Engine({ store, queue: new MemoryQueue(2), actions: new ActionRegistry().register(...probe.actions()) }).start();
  return { engine, probe };
}

describe('runs handed back at shutdown', () => {
  it('a run still going when the grace period ends is returned by close() and stored as interrupted, then resumes on the next start', async () => {
    t = createTestEngine();
    const flow = workflow('slow', [step('first', 'test.echo'), step('second', 'test.hang', { needs: ['first'] })]);
    const { run } = await t.engine.submit(flow);
    await t.probe.whenStarted('second');
    expect(await t.engine.close({ graceMs: 0 })).toEqual([run.id]);
    expect((await t.store.getRun(run.id))?.status).toBe('interrupted');
    expect((await t.store.listRuns({ status: ['interrupted'] })).map((r) => r.id)).toEqual([run.id]);

    const next = nextProcess(t.store);
    const recovered = await next.engine.recover();
    expect(recovered.map((r) => r.id)).toEqual([run.id]);
    // `test.hang` waits for an abort; cancelling the resumed attempt shows it really ran again here.
    await next.probe.whenStarted('second');
    const finished = await next.engine.cancel(run.id, 'enough');
    expect(finished?.status).toBe('cancelled');
    expect(next.probe.calls.map((call) => call.step)).toEqual(['second']);
    await next.engine.close();
  });

  it('an interrupted run can be cancelled from another process, and keeps its concurrency group until then', async () => {
    t = createTestEngine();
    const flow = workflow('grouped', [step('wait', 'test.hang')], { concurrency: { group: 'one', cancelInProgress: false } });
    const { run } = await t.engine.submit(flow);
    await t.probe.whenStarted('wait');
    await t.engine.close({ graceMs: 0 });

    const next = nextProcess(t.store);
    const second = await next.engine.submit(flow);
    expect(second.run.status).toBe('pending');
    expect((await next.engine.cancel(run.id, 'not needed'))?.status).toBe('cancelled');
    expect((await t.store.getRun(second.run.id))?.status).not.toBe('pending');
    await next.engine.cancel(second.run.id);
    await next.engine.close();
  });

  it('a run that finishes within the grace period is not handed back', async () => {
    t = createTestEngine();
    const gate = t.probe.gate('only');
    const { run } = await t.engine.submit(workflow('quick', [step('only', 'test.echo')]));
    await t.probe.whenStarted('only');
    const closing = t.engine.close({ graceMs: 60_000 });
    gate.resolve();
    expect(await closing).toEqual([]);
    expect((await t.store.getRun(run.id))?.status).toBe('success');
  });
});
