import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine, step, workflow, type TestEngine } from '../helpers/engine.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('the integrations context', () => {
  it('lets a step run only when its integration is configured, and reads the map when the run starts', async () => {
    const configured: Record<string, boolean> = {};
    t = createTestEngine({ integrations: configured });
    // Filled after the engine exists, as the runtime does once the integrations are built.
    Object.assign(configured, { slack: true, jira: false });
    const wf = workflow('sinks', [
      step('slack', 'test.echo', { if: '${{ integrations.slack }}' }),
      step('jira', 'test.echo', { if: '${{ integrations.jira }}' }),
      step('jenkins', 'test.echo', { if: '${{ integrations.jenkins }}' }),
      step('any', 'test.echo', { if: '${{ integrations.slack || integrations.jira }}' }),
    ]);
    const { run } = await t.engine.submit(wf);
    await t.engine.waitFor(run.id);
    const statuses = Object.fromEntries((await t.store.getSteps(run.id)).map((s) => [s.stepId, s.status]));
    expect(statuses).toEqual({ slack: 'success', jira: 'skipped', jenkins: 'skipped', any: 'success' });
  });

  it('is empty without integrations, so every integrations.<name> is falsy', async () => {
    t = createTestEngine();
    const { run } = await t.engine.submit(workflow('bare', [step('slack', 'test.echo', { if: '${{ !integrations.slack }}' })]));
    await t.engine.waitFor(run.id);
    expect((await t.store.getSteps(run.id)).map((s) => s.status)).toEqual(['success']);
  });
});
