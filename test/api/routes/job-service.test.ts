import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineJobService } from '../../../src/api/engine-job-service.js';
import { JobEventLog } from '../../../src/api/event-log.js';
import type { JobEvent, JobService } from '../../../src/api/job-service.js';
import { startApiRig, type ApiRig } from './rig.js';

let rig: ApiRig;
beforeAll(async () => {
  rig = await startApiRig();
});
afterAll(async () => {
  await rig.close();
});

function service(maxRuns: number): JobService {
  const { engine, store, bus, workflows } = rig.runtime;
  return createEngineJobService({ engine, store, bus, workflows: () => workflows, limits: { maxRuns, maxEventsPerRun: 1000 } });
}

async function collect(jobs: JobService, id: string, afterSeq: number) {
  const events: JobEvent[] = [];
  const following = await jobs.events(id, afterSeq, (event) => events.push(event));
  following?.stop();
  return { events: events.map((event) => [event.seq, event.type]), over: following?.over, last: events.at(-1) };
}

async function run(jobs: JobService, message: string): Promise<string> {
  const { job } = await jobs.submit({ workflow: 'echo', inputs: { message }, via: 'test' });
  expect((await jobs.wait(job.job_id, 5000))?.status).toBe('success');
  return job.job_id;
}

describe('a job whose events are no longer in memory', () => {
  it('is rebuilt from the store; a resume gets the completion once, then nothing', async () => {
    const jobs = service(1);
    try {
      const first = await run(jobs, 'one');
      // The second job's log pushes the first one's out (maxRuns 1).
      await run(jobs, 'two');
      const all = await collect(jobs, first, 0);
      expect(all.events).toEqual([[1, 'run.started'], [2, 'step.started'], [3, 'step.completed'], [4, 'run.completed']]);
      expect(all.over).toBe(true);
      expect(all.last?.data).toMatchObject({ job_id: first, status: 'success', outputs: { said: 'one' } });
      // The live numbering ended at 4 too: a client that has it is told the job is over.
      expect(await collect(jobs, first, 4)).toMatchObject({ events: [], over: true });
      expect((await collect(jobs, first, 2)).events).toEqual([[4, 'run.completed']]);
    } finally {
      jobs.close();
    }
  });

  it('after a restart (nothing remembered), a resume past the rebuilt numbering still gets the completion, once', async () => {
    const id = await run(service(10), 'before restart');
    const restarted = service(10);
    try {
      expect((await collect(restarted, id, 9)).events).toEqual([[10, 'run.completed']]);
      expect(await collect(restarted, id, 10)).toMatchObject({ events: [], over: true });
    } finally {
      restarted.close();
    }
  });

  it('says undefined for a job that does not exist, without remembering the id', async () => {
    const jobs = service(10);
    expect(await jobs.events('run_missing', 0, () => {})).toBeUndefined();
    expect(await jobs.wait('run_missing', 10)).toBeUndefined();
    expect(await jobs.cancel('run_missing')).toBeUndefined();
    jobs.close();
  });
});

describe('JobEventLog', () => {
  it('keeps at most maxEventsPerRun events of a job, dropping the oldest', () => {
    const log = new JobEventLog({ maxRuns: 10, maxEventsPerRun: 10 });
    for (let i = 0; i < 25; i++) log.append('r', 'action.event', i);
    const seen: number[] = [];
    log.follow('r', 0, (event) => seen.push(event.seq)).stop();
    expect(seen.length).toBeLessThanOrEqual(10);
    expect(seen.at(-1)).toBe(25);
  });

  it('never forgets a job somebody follows, and forgets finished jobs first', () => {
    const log = new JobEventLog({ maxRuns: 3, maxEventsPerRun: 10 });
    const got: number[] = [];
    const following = log.follow('followed', 0, (event) => got.push(event.seq));
    log.append('running', 'run.started', {});
    log.append('done', 'run.completed', {});
    log.append('newer', 'run.started', {});
    expect([log.has('followed'), log.has('running'), log.has('done'), log.has('newer')]).toEqual([true, true, false, true]);
    expect(log.completedSeq('done')).toBe(1);
    log.append('followed', 'run.started', {});
    expect(got).toEqual([1]);
    following.stop();
  });
});
