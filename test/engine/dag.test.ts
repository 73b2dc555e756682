import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine, step, workflow, type TestEngine } from '../helpers/engine.js';

let t: TestEngine;
afterEach(async () => t.cleanup());

describe('step DAG', () => {
  it('runs independent steps in parallel and a join step after both', async () => {
    t = createTestEngine();
    const gateB = t.probe.gate('b');
    const gateC = t.probe.gate('c');
    const wf = workflow('dag', [
      step('a', 'test.echo'),
      step('b', 'test.echo', { needs: ['a'] }),
      step('c', 'test.echo', { needs: ['a'] }),
      step('d', 'test.echo', { needs: ['b', 'c'] }),
    ]);
    const { run } = await t.engine.submit(wf);
    await Promise.all([t.probe.whenStarted('b'), t.probe.whenStarted('c')]);
    expect(t.probe.calls.map((c) => c.step)).toEqual(['a', 'b', 'c']);
    gateB.resolve();
    gateC.resolve();
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('success');
    expect(t.probe.calls.map((c) => c.step)).toEqual(['a', 'b', 'c', 'd']);
    expect(t.probe.maxConcurrent).toBe(2);
  });

  it('never runs more independent steps at once than maxParallelSteps', async () => {
    t = createTestEngine({ maxParallelSteps: 2 });
    const gates = ['a', 'b', 'c', 'd'].map((id) => t.probe.gate(id));
    const wf = workflow('wide', ['a', 'b', 'c', 'd'].map((id) => step(id, 'test.echo')));
    const { run } = await t.engine.submit(wf);
    await Promise.all([t.probe.whenStarted('a'), t.probe.whenStarted('b')]);
    expect(t.probe.calls).toHaveLength(2);
    for (const gate of gates) gate.resolve();
    await t.engine.waitFor(run.id);
    expect(t.probe.calls).toHaveLength(4);
    expect(t.probe.maxConcurrent).toBe(2);
  });

  it('passes outputs to later steps and to the workflow outputs', async () => {
    t = createTestEngine();
    const wf = workflow(
      'outputs',
      [
        step('a', 'test.echo', { with: { greeting: 'hello ${{ inputs.who }}', n: '${{ inputs.n }}' } }),
        step('b', 'test.echo', { needs: ['a'], with: { copied: '${{ steps.a.outputs.greeting }}!', n: '${{ steps.a.outputs.n }}' } }),
      ],
      {
        inputs: { who: { type: 'string', required: true }, n: { type: 'number', required: false, default: 3 } },
        outputs: { final: '${{ steps.b.outputs.copied }}', n: '${{ steps.b.outputs.n }}' },
      },
    );
    const { run } = await t.engine.submit(wf, { inputs: { who: 'world' } });
    const done = await t.engine.waitFor(run.id);
    expect(done.outputs).toEqual({ final: 'hello world!', n: 3 });
    const steps = await t.store.getSteps(run.id);
    expect(steps.find((s) => s.stepId === 'b')?.outputs).toEqual({ copied: 'hello world!', n: 3 });
  });

  it('skips a step whose if is false, and runs failure() steps only after a failure', async () => {
    t = createTestEngine();
    const wf = workflow('conditions', [
      step('check', 'test.echo', { if: "inputs.mode == 'full'" }),
      step('boom', 'test.fail', { needs: [], with: { retryable: false } }),
      step('after', 'test.echo', { needs: ['boom'] }),
      step('on-failure', 'test.echo', { needs: ['boom'], if: 'failure()' }),
      step('cleanup', 'test.echo', { needs: ['after'], if: 'always()' }),
    ], { inputs: { mode: { type: 'string', required: false, default: 'quick' } } });
    const { run } = await t.engine.submit(wf);
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('failure');
    expect(done.error).toBe('step boom failed');
    const statuses = Object.fromEntries((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status]));
    expect(statuses).toEqual({ check: 'skipped', boom: 'failure', after: 'skipped', 'on-failure': 'success', cleanup: 'success' });
  });

  it('failure() sees a failure however far upstream, whatever order the needs are listed in', async () => {
    // `join` lists `mid` before `tail`, which itself needs `mid`: a walk that works `tail` out before `mid`
    // would remember "nothing failed upstream of tail", and `late` (asked after `join`) would be skipped.
    t = createTestEngine();
    const wf = workflow('deep-failure', [
      step('boom', 'test.fail', { needs: [], with: { retryable: false } }),
      step('mid', 'test.echo', { needs: ['boom'], if: 'always()' }),
      step('tail', 'test.echo', { needs: ['mid'], if: 'always()' }),
      step('join', 'test.echo', { needs: ['mid', 'tail'], if: 'failure()' }),
      step('late', 'test.echo', { needs: ['tail'], if: 'failure()' }),
      step('quiet', 'test.echo', { needs: ['tail'], if: 'success()' }),
    ]);
    const { run } = await t.engine.submit(wf);
    await t.engine.waitFor(run.id);
    const statuses = Object.fromEntries((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status]));
    expect(statuses).toEqual({ boom: 'failure', mid: 'success', tail: 'success', join: 'success', late: 'success', quiet: 'skipped' });
  });

  it('lets the run succeed when a failing step has continue-on-error', async () => {
    t = createTestEngine();
    const wf = workflow('tolerant', [
      step('flaky', 'test.fail', { with: { retryable: false }, continueOnError: true }),
      step('next', 'test.echo', { needs: ['flaky'], with: { outcome: '${{ steps.flaky.outcome }}', conclusion: '${{ steps.flaky.conclusion }}' } }),
    ]);
    const { run } = await t.engine.submit(wf);
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('success');
    const next = (await t.store.getSteps(run.id)).find((s) => s.stepId === 'next');
    expect(next?.outputs).toEqual({ outcome: 'failure', conclusion: 'success' });
  });

  it('leaves out with-values that evaluate to null, so the action default applies', async () => {
    t = createTestEngine();
    const wf = workflow('nulls', [step('a', 'test.echo', { with: { title: '${{ event.payload.issue.title }}', kept: '${{ inputs.x }}', literal: 'x' } })], {
      inputs: { x: { type: 'string', required: false, default: '' } },
    });
    const { run } = await t.engine.submit(wf);
    await t.engine.waitFor(run.id);
    expect(t.probe.calls[0]?.input).toEqual({ kept: '', literal: 'x' });
  });

  it('fails the step, not the engine, when an expression cannot be evaluated', async () => {
    t = createTestEngine();
    const wf = workflow('bad-expression', [step('a', 'test.echo', { with: { x: "${{ fromJSON('{not json') }}" } })]);
    const { run } = await t.engine.submit(wf);
    const done = await t.engine.waitFor(run.id);
    expect(done.status).toBe('failure');
    const [a] = await t.store.getSteps(run.id);
    expect(a?.status).toBe('failure');
    expect(a?.error).toMatch(/JSON/i);
  });

  it('accepts only the options of a choice input, suggesting the closest', async () => {
    t = createTestEngine();
    const wf = workflow('choice', [step('a', 'test.echo', { with: { mode: '${{ inputs.mode }}' } })], {
      inputs: { mode: { type: 'string', required: false, default: 'comment', options: ['comment', 'body'] } },
    });
    await expect(t.engine.submit(wf, { inputs: { mode: 'bdy' } })).rejects.toThrow("input 'mode': expected one of comment, body, got 'bdy'; did you mean body?");
    const { run } = await t.engine.submit(wf, { inputs: { mode: 'body' } });
    expect((await t.engine.waitFor(run.id)).status).toBe('success');
  });

  it('rejects a submission with a missing required input or an unknown input', async () => {
    t = createTestEngine();
    const wf = workflow('typed', [step('a', 'test.echo')], { inputs: { diff: { type: 'string', required: true } } });
    await expect(t.engine.submit(wf)).rejects.toThrow("input 'diff' is required");
    await expect(t.engine.submit(wf, { inputs: { diff: 'x', dif: 'y' } })).rejects.toThrow("unknown input 'dif' for workflow typed; did you mean diff?");
  });
});
