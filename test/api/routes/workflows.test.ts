import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiRig, type ApiRig } from './rig.js';

let rig: ApiRig;
beforeAll(async () => {
  rig = await startApiRig({ server: { maxBodyBytes: 4096 } });
});
afterAll(async () => {
  await rig.close();
});

describe('POST /api/workflows/execute', () => {
  it('answers 200 with status, outputs and steps when the job ends within wait', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'hello' } } });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      job_id: expect.stringMatching(/^run_/),
      workflow: 'echo',
      status: 'success',
      source: 'api',
      outputs: { said: 'hello' },
      steps: [{ id: 'say', status: 'success', attempt: 1, outputs: { message: 'hello' }, startedAt: expect.any(String), finishedAt: expect.any(String) }],
      usage: { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, models: [] },
      cost: 0,
    });
  });

  it('sums the usage and cost the steps report', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'usage' } });
    expect(status).toBe(200);
    expect(body.usage).toEqual({ calls: 2, cachedCalls: 0, inputTokens: 1500, outputTokens: 250, models: ['openai:gpt-test', 'anthropic:claude-test'] });
    expect(body.cost).toBe(0.015);
  });

  it('answers 200 with status failure and the error when the workflow fails', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'failing' } });
    expect(status).toBe(200);
    expect(body.status).toBe('failure');
    expect(body.steps[0]).toMatchObject({ id: 'boom', status: 'failure', error: expect.stringContaining('the step failed on purpose') });
  });

  it('answers 202 with the job id and Location when the job outlasts wait', async () => {
    const { status, body, headers } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'gated', inputs: { key: 'slow' }, wait: 50 } });
    expect(status).toBe(202);
    expect(body).toEqual({ job_id: expect.stringMatching(/^run_/), status: 'running' });
    expect(headers.get('location')).toBe(`/api/jobs/${body.job_id}`);
    rig.release('slow');
  });

  it('answers 404 with a did-you-mean for an unknown workflow', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'ecoh' } });
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'unknown_workflow', message: "no workflow named 'ecoh'; did you mean echo?" });
  });

  it('answers 403 for a workflow that does not accept API runs, naming the fix', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'cli-only' } });
    expect(status).toBe(403);
    expect(body).toEqual({ error: 'workflow_not_enabled', message: 'workflow cli-only does not accept API runs: add `api: true` under `on:` in cli-only.yml' });
  });

  it('answers 400 naming every failing field', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', wait: -1, colour: 'red', event: { repo: 'not a repo' } } });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { path: ['event', 'repo'], message: 'expected owner/name' },
        { path: ['wait'], message: expect.stringContaining('>=0') },
        { path: [], message: expect.stringContaining('colour') },
      ]),
    );
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: '{"workflow":' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', issues: [{ path: [], message: expect.stringContaining('not JSON') }] });
  });

  it("answers 400 for inputs the workflow does not accept, with the engine's message", async () => {
    const { status, body } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { mesage: 'x' } } });
    expect(status).toBe(400);
    expect(body.issues).toContainEqual({ path: ['inputs'], message: "unknown input 'mesage' for workflow echo; did you mean message?" });
    expect(body.issues).toContainEqual({ path: ['inputs'], message: "input 'message' is required (string)" });
  });

  it('answers 413 for a body over server.maxBodyBytes', async () => {
    const { status } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'x'.repeat(5000) } } });
    expect(status).toBe(413);
  });
});

describe('POST /api/workflows/submit', () => {
  it('answers 202 with the job id at once, and the job runs', async () => {
    const { status, body, headers } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'gated', inputs: { key: 'submitted' } } });
    expect(status).toBe(202);
    expect(body).toEqual({ job_id: expect.stringMatching(/^run_/), status: 'queued' });
    expect(headers.get('location')).toBe(`/api/jobs/${body.job_id}`);
    await rig.held('submitted');
    rig.release('submitted');
    await rig.runtime.engine.waitFor(body.job_id);
    expect((await rig.call('GET', `/api/jobs/${body.job_id}`)).body).toMatchObject({ status: 'success', outputs: { said: 'done' } });
  });

  it('returns the same job for a repeated Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'once' } }, headers });
    const second = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'once' } }, headers });
    expect(second.body.job_id).toBe(first.body.job_id);
  });

  it('carries the event the caller gives, with source api', async () => {
    const { body } = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo', inputs: { message: 'x' }, event: { repo: 'acme/api', number: 7 } } });
    const run = await rig.runtime.store.getRun(body.job_id);
    expect(run?.event).toEqual({ source: 'api', event: 'submit', repo: 'acme/api', number: 7 });
  });
});

describe('tokens and scopes', () => {
  it('answers 401 without a token and 403 to a read token on an execute route', async () => {
    expect((await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo' }, token: null })).status).toBe(401);
    const forbidden = await rig.call('POST', '/api/workflows/submit', { body: { workflow: 'echo' }, token: rig.tokens.read });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('forbidden');
  });

  it('accepts the bootstrap token from the configuration', async () => {
    const { status } = await rig.call('POST', '/api/workflows/execute', { body: { workflow: 'echo', inputs: { message: 'b' } }, token: 'bootstrap-token-for-the-api-tests-0123456789' });
    expect(status).toBe(200);
  });
});
