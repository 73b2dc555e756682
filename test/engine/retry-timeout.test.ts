import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fake-clock.js';
import { createTestEngine, step, workflow, type TestEngine } from '../helpers/engine.js';
import { backoffDelay } from '../../src/engine/backoff.js';

let t: TestEngine;
afterEach(async () => t.cleanup());

const retry = { attempts: 4, backoff: 'exponential' as const, delayMs: 1000, maxDelayMs: 3000, jitter: false };

describe('retries', () => {
  it('retries a retryable failure with exponential backoff capped at max-delay, then succeeds', async () => {
    const clock = new FakeClock(true);
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('flaky', [step('call', 'test.fail', { with: { times: 3 }, retry })]));
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('success');
    expect(clock.sleeps).toEqual([1000, 2000, 3000]);
    const [record] = await t.store.getSteps(run.id);
    expect(record).toMatchObject({ status: 'success', attempt: 4, outputs: { attempts: 4 } });
  });

  it('does not retry an error marked non-retryable', async () => {
    const clock = new FakeClock(true);
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('fatal', [step('call', 'test.fail', { with: { retryable: false }, retry })]));
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('failure');
    expect(t.probe.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops after the maximum number of attempts', async () => {
    const clock = new FakeClock(true);
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('hopeless', [step('call', 'test.fail', { retry })]));
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('failure');
    expect(t.probe.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    const [record] = await t.store.getSteps(run.id);
    expect(record).toMatchObject({ status: 'failure', attempt: 4, error: 'planned failure 4' });
  });

  it('announces each failed attempt with whether it will be retried', async () => {
    const clock = new FakeClock(true);
    t = createTestEngine({ clock });
    const seen: boolean[] = [];
    t.engine.bus.on('step.failed', (e) => seen.push(e.willRetry));
    const { run } = await t.engine.submit(workflow('events', [step('call', 'test.fail', { with: { times: 2 }, retry: { ...retry, attempts: 2 } })]));
    await t.engine.waitFor(run.id);
    expect(seen).toEqual([true, false]);
  });

  it('jitter keeps the delay between half and all of the computed backoff', () => {
    const spec = { ...retry, jitter: true };
    expect(backoffDelay(spec, 2, () => 0)).toBe(1000);
    expect(backoffDelay(spec, 2, () => 1)).toBe(2000);
    expect(backoffDelay({ ...spec, backoff: 'fixed' }, 5, () => 1)).toBe(1000);
  });
});

describe('timeouts and cancellation', () => {
  it('aborts a step at its timeout and hands the action an aborted signal', async () => {
    const clock = new FakeClock();
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('slow', [step('wait', 'test.hang', { timeoutMs: 5000 })]));
    await t.probe.whenStarted('wait');
    clock.advance(4999);
    expect(t.probe.signals.get('wait')?.aborted).toBe(false);
    clock.advance(1);
    const done = await t.engine.waitFor(run.id);
    expect(t.probe.signals.get('wait')?.aborted).toBe(true);
    expect(done.status).toBe('failure');
    const [record] = await t.store.getSteps(run.id);
    expect(record).toMatchObject({ status: 'failure', error: 'step wait timed out after 5s' });
  });

  it('fails the whole run at the run timeout', async () => {
    const clock = new FakeClock();
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('slow-run', [step('wait', 'test.hang'), step('next', 'test.echo', { needs: ['wait'] })], { timeoutMs: 60_000 }));
    await t.probe.whenStarted('wait');
    clock.advance(60_000);
    const done = await t.engine.waitFor(run.id);
    expect(done).toMatchObject({ status: 'failure', error: 'run timed out after 60s' });
    const statuses = Object.fromEntries((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status]));
    expect(statuses).toEqual({ wait: 'cancelled', next: 'skipped' });
  });

  it('cancellation reaches the running step, skips the rest, and still runs always() steps', async () => {
    t = createTestEngine();
    const { run } = await t.engine.submit(
      workflow('cancel-me', [
        step('wait', 'test.hang'),
        step('next', 'test.echo', { needs: ['wait'] }),
        step('cleanup', 'test.echo', { needs: ['next'], if: 'always()' }),
        step('report-cancel', 'test.echo', { needs: ['next'], if: 'cancelled()' }),
      ]),
    );
    await t.probe.whenStarted('wait');
    const done = await t.engine.cancel(run.id, 'user asked');
    expect(done?.status).toBe('cancelled');
    expect(t.probe.signals.get('wait')?.aborted).toBe(true);
    const statuses = Object.fromEntries((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status]));
    expect(statuses).toEqual({ wait: 'cancelled', next: 'skipped', cleanup: 'success', 'report-cancel': 'success' });
  });

  it('close() waits for runs in flight only up to its grace period, and hands them back to resume', async () => {
    const clock = new FakeClock();
    t = createTestEngine({ clock });
    const { run } = await t.engine.submit(workflow('long', [step('wait', 'test.hang')]));
    await t.probe.whenStarted('wait');
    const closing = t.engine.close({ graceMs: 10_000 });
    clock.advance(10_000);
    expect(await closing).toEqual([run.id]);
    // Not cancelled: interrupted in the store (no process runs it now), so the next start's recover() picks it up.
    expect((await t.store.getRun(run.id))?.status).toBe('interrupted');
    // The step is stopped, and nothing of its end is written: the step is still in flight for whoever resumes it.
    expect(t.probe.signals.get('wait')?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status])).toEqual([['wait', 'running']]);
    expect((await t.store.getRun(run.id))?.status).toBe('interrupted');
  });

  it('a retry backoff is interrupted by cancellation', async () => {
    const clock = new FakeClock();
    t = createTestEngine({ clock });
    const failed = new Promise((resolve) => t.engine.bus.on('step.failed', resolve));
    const { run } = await t.engine.submit(workflow('cancel-backoff', [step('call', 'test.fail', { retry })]));
    await failed;
    expect(clock.sleeps).toEqual([1000]);
    const done = await t.engine.cancel(run.id);
    expect(done?.status).toBe('cancelled');
    expect(t.probe.calls).toHaveLength(1);
  });
});
