import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/engine/action.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryQueue } from '../../src/queue/memory-queue.js';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { Probe, step, workflow } from '../helpers/engine.js';
import { requirePostgres } from '../helpers/services.js';

/** The engine on PostgreSQL: what the SQLite-backed engine tests prove, for the paths that touch the store most. */

const url = await requirePostgres();
const admin = url ? new pg.Pool({ connectionString: url, max: 1 }) : undefined;
afterAll(async () => admin?.end());

describe.skipIf(!url)('the engine on PostgreSQL', () => {
  const schema = () => `t_${randomBytes(6).toString('hex')}`;
  const opened: { engine: Engine; store: PostgresRunStore }[] = [];
  const schemas: string[] = [];
  async function engineOn(name: string, probe = new Probe()) {
    const store = await PostgresRunStore.connect(url!, { schema: name });
    const engine = new Engine({ store, queue: new MemoryQueue(4), actions: new ActionRegistry().register(...probe.actions()), random: () => 0.5 }).start();
    opened.push({ engine, store });
    if (!schemas.includes(name)) schemas.push(name);
    return { engine, store, probe };
  }
  afterEach(async () => {
    for (const { engine, store } of opened.splice(0)) {
      await engine.close({ graceMs: 0 });
      await store.close();
    }
    for (const name of schemas.splice(0)) await admin!.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  });

  const pipeline = workflow('pipeline', [
    step('a', 'test.echo', { with: { value: 'a-done' } }),
    step('b', 'test.echo', { needs: ['a'], with: { value: '${{ steps.a.outputs.value }}-then-b' } }),
  ], { outputs: { last: '${{ steps.b.outputs.value }}' } });

  it('runs a workflow to success, recording each step, and a redelivery returns the same run', async () => {
    const { engine, store } = await engineOn(schema());
    const first = await engine.submit(pipeline, { idempotencyKey: 'delivery-1' });
    const done = await engine.waitFor(first.run.id);
    expect(done).toMatchObject({ status: 'success', outputs: { last: 'a-done-then-b' } });
    expect((await store.getSteps(first.run.id)).map((s) => [s.stepId, s.status, s.attempt])).toEqual([
      ['a', 'success', 1],
      ['b', 'success', 1],
    ]);
    expect(await engine.submit(pipeline, { idempotencyKey: 'delivery-1' })).toMatchObject({ created: false, run: { id: first.run.id } });
  });

  it('a run one process hands back at shutdown resumes in another without repeating its finished steps', async () => {
    const shared = schema();
    const firstProbe = new Probe();
    firstProbe.gate('b');
    const first = await engineOn(shared, firstProbe);
    const submitted = await first.engine.submit(pipeline);
    await firstProbe.whenStarted('b');
    expect(await first.engine.close({ graceMs: 0 })).toEqual([submitted.run.id]);

    const second = await engineOn(shared);
    expect((await second.engine.recover()).map((run) => run.id)).toEqual([submitted.run.id]);
    expect(await second.engine.waitFor(submitted.run.id)).toMatchObject({ status: 'success', outputs: { last: 'a-done-then-b' } });
    expect(second.probe.calls.map((call) => call.step)).toEqual(['b']);
  });

  it('cancel-in-progress stops the running run and starts the newest after it', async () => {
    const { engine, probe } = await engineOn(schema());
    const grouped = workflow('review', [step('work', 'test.hang')], { concurrency: { group: 'pr-1', cancelInProgress: true } });
    const older = await engine.submit(grouped);
    await probe.whenStarted('work');
    probe.started.delete('work');
    const newer = await engine.submit(grouped);
    expect(newer.run.status).toBe('pending');
    expect((await engine.waitFor(older.run.id)).status).toBe('cancelled');
    await probe.whenStarted('work');
    expect((await engine.cancel(newer.run.id, 'cancelled by a user'))?.status).toBe('cancelled');
  });
});
