import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requirePostgres, requireRedis } from '../helpers/services.js';
import { API_TOKEN, api, startCluster, startCounter, type Cluster } from './cluster.js';

/**
 * Distributed mode end to end, with real processes: `serve --no-worker` accepts jobs, two `worker`s execute
 * them from BullMQ on Redis with state in PostgreSQL, and one worker is SIGKILLed mid-way. Nothing is lost,
 * every side effect arrives, and a side effect that arrives twice carries the key it had the first time.
 */

const postgresUrl = await requirePostgres();
const redisUrl = await requireRedis();

const RUNS = 200;
const STEPS = ['notify', 'record'];

// Two side effects per run, each a step that takes ~80 ms at the receiver: workers always have steps in flight.
const fanout = (counter: string) => `
name: fanout
on:
  api: true
inputs:
  n:
    type: number
    required: true
steps:
  - id: notify
    uses: http.request
    with:
      url: ${counter}/notify
      method: POST
      body: { n: "\${{ inputs.n }}", step: notify }
  - id: record
    needs: [notify]
    uses: http.request
    with:
      url: ${counter}/record
      method: POST
      body: { n: "\${{ inputs.n }}", step: record }
outputs:
  status: \${{ steps.record.outputs.status }}
`;

describe.skipIf(!postgresUrl || !redisUrl)('distributed mode: one serve, two workers, one of them killed', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => cluster?.close());

  it(`completes all ${RUNS} runs with every side effect, repeats only under a key already seen`, async () => {
    const counter = await startCounter(80);
    cluster = await startCluster({ postgresUrl: postgresUrl!, redisUrl: redisUrl!, workflows: { 'fanout.yml': fanout(counter.url) } });
    const serve = await cluster.serve(['--no-worker']);
    const [doomed, survivor] = [await cluster.worker(), await cluster.worker()];

    const ids: string[] = [];
    for (let n = 0; n < RUNS; n++) {
      const submitted = await api(serve.url, '/api/workflows/submit', { workflow: 'fanout', inputs: { n } });
      expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
      ids.push(submitted.json.job_id as string);
    }
    // Killed with steps in flight: both workers are busy once a quarter of the side effects have arrived.
    await until(() => counter.effects.length >= (RUNS * STEPS.length) / 4, 60_000, 'a quarter of the side effects');
    await doomed.stop('SIGKILL');

    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      await until(
        async () => Number((await db.query(`SELECT count(*) FROM runs WHERE status = 'success'`)).rows[0].count) === RUNS,
        90_000,
        `all ${RUNS} runs succeeded`,
        async () => JSON.stringify((await db.query(`SELECT status, count(*) FROM runs GROUP BY status`)).rows),
      );
      // The kill hit work in flight: some step ran again, on the survivor, after the dead worker's lease ran out.
      const rerun = Number((await db.query(`SELECT count(*) FROM steps WHERE attempt > 1`)).rows[0].count);
      expect(rerun).toBeGreaterThan(0);
    } finally {
      await db.end();
    }

    // Every step of every run had its side effect, under the key of that run and step.
    const keys = new Map<string, number>();
    for (const effect of counter.effects) keys.set(effect.key, (keys.get(effect.key) ?? 0) + 1);
    const expected = ids.flatMap((id) => STEPS.map((step) => `${id}:${step}`));
    expect(expected.filter((key) => !keys.has(key))).toEqual([]);
    // A repeat carries a key already seen: no effect arrived under a key that is not a run's step.
    expect([...keys.keys()].filter((key) => !expected.includes(key))).toEqual([]);
    // And each effect's body is the one its run asked for.
    for (const effect of counter.effects) expect(JSON.parse(effect.body)).toMatchObject({ step: effect.path.slice(1) });
    expect(survivor.child.exitCode).toBeNull();

    // Through the API: the job's steps and outputs as the survivor or the dead worker left them.
    const job = await api(serve.url, `/api/jobs/${ids[0]}`);
    expect(job.json).toMatchObject({ status: 'success', outputs: { status: 200 } });
    expect(await survivor.stop('SIGTERM')).toBe(0);
    await counter.close();
  }, 180_000);
});

describe.skipIf(!postgresUrl || !redisUrl)('distributed mode: a worker stopped with SIGTERM', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => cluster?.close());

  it('takes no new run, hands back the one still going at the grace deadline, exits 0, and another worker resumes it', async () => {
    // `/slow` answers after a minute: the run is still going when the 3 s grace period ends.
    const counter = await startCounter((path) => (path === '/slow' ? 60_000 : 20));
    const slow = `
name: slow
on: { api: true }
steps:
  - id: wait
    uses: http.request
    with: { url: ${counter.url}/slow, method: POST, timeout: 90s }
`;
    cluster = await startCluster({ postgresUrl: postgresUrl!, redisUrl: redisUrl!, workflows: { 'slow.yml': slow } });
    const serve = await cluster.serve(['--no-worker']);
    const first = await cluster.worker();
    const submitted = await api(serve.url, '/api/workflows/submit', { workflow: 'slow' });
    const id = submitted.json.job_id as string;
    await until(() => counter.effects.length === 1, 30_000, 'the step to start on the first worker');

    const stoppedAt = Date.now();
    expect(await first.stop('SIGTERM')).toBe(0);
    // Within the grace period and a little: the hung step did not hold the process.
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(first.logs().some((line) => String(line.msg).includes('handed back for resume'))).toBe(true);
    const handedBack = await api(serve.url, `/api/jobs/${id}`);
    expect(handedBack.json.status).toBe('interrupted');

    await cluster.worker();
    await until(() => counter.effects.length === 2, 30_000, 'the step to run again on the second worker');
    // The same step again, under the key the receiver saw the first time.
    expect(counter.effects.map((effect) => effect.key)).toEqual([`${id}:wait`, `${id}:wait`]);
    const cancelled = await fetch(`${serve.url}/api/jobs/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    await counter.close();
  }, 120_000);
});

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string, state?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `: ${await state()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
