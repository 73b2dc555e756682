import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine, step, workflow, type TestEngine } from '../helpers/engine.js';
import type { Workflow } from '../../src/engine/workflow.js';

let t: TestEngine;
afterEach(async () => t.cleanup());

function grouped(cancelInProgress: boolean): Workflow {
  return workflow('review', [step('work', 'test.echo', { with: { pr: '${{ inputs.pr }}', n: '${{ inputs.n }}' } })], {
    inputs: { pr: { type: 'number', required: true }, n: { type: 'number', required: true } },
    concurrency: { group: 'review-${{ inputs.pr }}', cancelInProgress },
  });
}

describe('concurrency groups', () => {
  it('keeps one running and one pending run per group; a newer pending run replaces the older one', async () => {
    t = createTestEngine();
    const gate = t.probe.gate('work');
    const wf = grouped(false);
    const first = await t.engine.submit(wf, { inputs: { pr: 1, n: 1 } });
    await t.probe.whenStarted('work');
    const second = await t.engine.submit(wf, { inputs: { pr: 1, n: 2 } });
    const third = await t.engine.submit(wf, { inputs: { pr: 1, n: 3 } });
    const otherGroup = await t.engine.submit(wf, { inputs: { pr: 2, n: 4 } });
    expect(second.run.status).toBe('pending');
    expect(third.run.status).toBe('pending');
    expect(otherGroup.run.status).toBe('queued');
    expect((await t.store.getRun(second.run.id))?.status).toBe('cancelled');
    expect((await t.store.getRun(second.run.id))?.error).toBe(`replaced by newer run ${third.run.id}`);

    gate.resolve();
    expect((await t.engine.waitFor(first.run.id)).status).toBe('success');
    expect((await t.engine.waitFor(third.run.id)).status).toBe('success');
    await t.engine.waitFor(otherGroup.run.id);
    expect(t.probe.calls.map((c) => (c.input as { n: number }).n).sort()).toEqual([1, 3, 4]);
  });

  it('cancel-in-progress cancels the running run and starts the newest after it stops', async () => {
    t = createTestEngine();
    const wf = workflow('review', [step('work', 'test.hang')], {
      inputs: { pr: { type: 'number', required: true } },
      concurrency: { group: 'review-${{ inputs.pr }}', cancelInProgress: true },
    });
    const first = await t.engine.submit(wf, { inputs: { pr: 7 } });
    await t.probe.whenStarted('work');
    t.probe.started.delete('work');
    const second = await t.engine.submit(wf, { inputs: { pr: 7 } });
    expect(second.run.status).toBe('pending');
    const cancelled = await t.engine.waitFor(first.run.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.error).toBe(`cancelled by newer run ${second.run.id} in group review-7`);
    await t.probe.whenStarted('work');
    expect((await t.store.getRun(second.run.id))?.status).toBe('running');
    await t.engine.cancel(second.run.id);
  });

  it('cancel-in-progress cancels a queued run that has not started', async () => {
    t = createTestEngine({ concurrency: 1 });
    const blocker = workflow('blocker', [step('hold', 'test.hang')]);
    const held = await t.engine.submit(blocker);
    await t.probe.whenStarted('hold');
    const wf = grouped(true);
    const first = await t.engine.submit(wf, { inputs: { pr: 1, n: 1 } });
    const second = await t.engine.submit(wf, { inputs: { pr: 1, n: 2 } });
    expect(first.run.status).toBe('queued');
    expect(second.run.status).toBe('queued');
    expect((await t.store.getRun(first.run.id))?.status).toBe('cancelled');
    await t.engine.cancel(held.run.id);
    expect((await t.engine.waitFor(second.run.id)).status).toBe('success');
    expect(t.probe.calls.filter((c) => c.step === 'work')).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('submitting the same idempotency key again returns the existing run and runs nothing new', async () => {
    t = createTestEngine();
    const wf = workflow('once', [step('a', 'test.echo')]);
    const first = await t.engine.submit(wf, { idempotencyKey: 'delivery-123' });
    await t.engine.waitFor(first.run.id);
    const again = await t.engine.submit(wf, { idempotencyKey: 'delivery-123' });
    expect(again.created).toBe(false);
    expect(again.run.id).toBe(first.run.id);
    expect(again.run.status).toBe('success');
    expect(t.probe.calls).toHaveLength(1);
  });

  it('a key whose run failed starts a new run when submitted again', async () => {
    t = createTestEngine();
    const wf = workflow('fragile', [step('a', 'test.fail', { with: { times: 1, retryable: false } })]);
    const first = await t.engine.submit(wf, { idempotencyKey: 'delivery-9' });
    expect((await t.engine.waitFor(first.run.id)).status).toBe('failure');
    const again = await t.engine.submit(wf, { idempotencyKey: 'delivery-9' });
    expect(again.created).toBe(true);
    expect((await t.engine.waitFor(again.run.id)).status).toBe('success');
    const third = await t.engine.submit(wf, { idempotencyKey: 'delivery-9' });
    expect(third).toMatchObject({ created: false, run: { id: again.run.id } });
  });
});

describe('secrets', () => {
  it('masks secret values in logs, stored step inputs and errors', async () => {
    t = createTestEngine({ secrets: { API_TOKEN: 'tok-super-secret-123' } });
    const wf = workflow('secretive', [step('a', 'test.echo', { with: { auth: 'Bearer ${{ secrets.API_TOKEN }}' } })]);
    const { run } = await t.engine.submit(wf);
    await t.engine.waitFor(run.id);
    expect(t.probe.calls[0]?.input).toEqual({ auth: 'Bearer tok-super-secret-123' });
    const [stored] = await t.store.getSteps(run.id);
    expect(stored?.input).toEqual({ auth: 'Bearer ***' });
    expect(stored?.outputs).toEqual({ auth: 'Bearer ***' });
    const raw = JSON.stringify(t.store.db.prepare('SELECT * FROM steps').all());
    expect(raw).not.toContain('tok-super-secret-123');
  });
});
