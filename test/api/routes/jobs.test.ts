import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiRig, type ApiRig } from './rig.js';

let rig: ApiRig;
beforeAll(async () => {
  rig = await startApiRig();
});
afterAll(async () => {
  await rig.close();
});

async function executed(message: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message }, ...extra } });
  expect(status).toBe(200);
  return body.job_id as string;
}

describe('GET /api/jobs/{id}', () => {
  it('answers the job with a read token', async () => {
    const id = await executed('read me');
    const { status, body } = await rig.call('GET', `/api/jobs/${id}`, { token: rig.tokens.read });
    expect(status).toBe(200);
    expect(body).toMatchObject({ job_id: id, workflow: 'echo', status: 'success', outputs: { said: 'read me' }, createdAt: expect.any(String) });
  });

  it('answers 404 naming the id', async () => {
    const { status, body } = await rig.call('GET', '/api/jobs/run_nope', { token: rig.tokens.read });
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', message: 'no job run_nope; GET /api/jobs lists them' });
  });

  it('answers 401 without a token', async () => {
    expect((await rig.call('GET', '/api/jobs/run_nope', { token: null })).status).toBe(401);
  });
});

describe('DELETE /api/jobs/{id}', () => {
  it('cancels a running job: its step is aborted and the answer says cancelled', async () => {
    const { body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'gated', inputs: { key: 'to-cancel' } } });
    await rig.held('to-cancel');
    const cancelled = await rig.call('DELETE', `/api/jobs/${body.job_id}`);
    expect(cancelled).toMatchObject({ status: 200, body: { job_id: body.job_id, status: 'cancelled' } });
    const job = (await rig.call('GET', `/api/jobs/${body.job_id}`)).body;
    expect(job.status).toBe('cancelled');
    expect((job.steps as { id: string; status: string }[]).map((step) => [step.id, step.status])).toEqual([['hold', 'cancelled'], ['after', 'skipped']]);
  });

  it('answers 409 for a job that already ended', async () => {
    const id = await executed('done already');
    const { status, body } = await rig.call('DELETE', `/api/jobs/${id}`);
    expect(status).toBe(409);
    expect(body).toEqual({ error: 'conflict', message: `job ${id} already ended (success); there is nothing to cancel` });
  });

  it('answers 404 for no such job, and 403 to a read token', async () => {
    expect((await rig.call('DELETE', '/api/jobs/run_nope')).status).toBe(404);
    expect((await rig.call('DELETE', '/api/jobs/run_nope', { token: rig.tokens.read })).status).toBe(403);
  });
});

describe('GET /api/jobs', () => {
  it('pages through every job exactly once with the cursor, while new jobs arrive', async () => {
    const before = new Set<string>();
    for (let i = 0; i < 7; i++) before.add(await executed(`page ${i}`, { event: { repo: 'acme/paging' } }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/jobs?repo=acme/paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await rig.call('GET', query, { token: rig.tokens.read });
      expect(status).toBe(200);
      seen.push(...(body.jobs as { job_id: string }[]).map((job) => job.job_id));
      cursor = body.next_cursor;
      // A job created between pages is newer than the cursor: it shows on a fresh first page, not here.
      if (pages++ === 0) await executed('arrived meanwhile', { event: { repo: 'acme/paging' } });
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(before);
    expect(pages).toBe(3);
  });

  it('filters by workflow, status, source and time range', async () => {
    const failed = (await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'failing' } })).body.job_id;
    const list = async (query: string) => ((await rig.call('GET', `/api/jobs?${query}`, { token: rig.tokens.read })).body.jobs as { job_id: string }[]).map((job) => job.job_id);
    expect(await list('workflow=failing')).toEqual([failed]);
    expect(await list('status=failure,cancelled&workflow=failing')).toEqual([failed]);
    expect(await list('status=success&workflow=failing')).toEqual([]);
    expect(await list('source=api&workflow=failing')).toEqual([failed]);
    expect(await list('source=github&workflow=failing')).toEqual([]);
    const created = Date.parse((await rig.call('GET', `/api/jobs/${failed}`)).body.createdAt);
    expect(await list(`workflow=failing&since=${created}`)).toEqual([failed]);
    expect(await list(`workflow=failing&since=${new Date(created + 1).toISOString()}`)).toEqual([]);
    expect(await list(`workflow=failing&until=${created}`)).toEqual([]);
    expect(await list(`workflow=failing&until=${created + 1}`)).toEqual([failed]);
  });

  it('answers 400 for a bad filter or a cursor it did not give out', async () => {
    const bad = await rig.call('GET', '/api/jobs?status=done&limit=1000&since=yesterday', { token: rig.tokens.read });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: unknown[] }[]).map((issue) => issue.path)).toEqual(expect.arrayContaining([['status', 0], ['limit'], ['since']]));
    const cursor = await rig.call('GET', '/api/jobs?cursor=bm90LWEtY3Vyc29y', { token: rig.tokens.read });
    expect(cursor).toMatchObject({ status: 400, body: { error: 'invalid_request', issues: [{ path: ['cursor'] }] } });
    expect((await rig.call('GET', '/api/jobs?colour=red', { token: rig.tokens.read })).status).toBe(400);
  });
});
