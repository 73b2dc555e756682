import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../cli/serve-process.js';
import { requirePostgres, requireRedis } from '../helpers/services.js';
import { API_TOKEN, api, startCluster, startCounter, type Cluster } from './cluster.js';

/**
 * Two `serve --no-worker` instances and one `worker`, as behind a load balancer: a job submitted on A and
 * executed by the worker is followed on B (SSE), waited for on A (`execute`) and cancelled from B. Every
 * event crosses processes through Redis; every run's state through PostgreSQL.
 */

const CALLBACK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const postgresUrl = await requirePostgres();
const redisUrl = await requireRedis();

const workflows = (counter: string) => ({
  'two-steps.yml': `
name: two-steps
on: { api: true }
steps:
  - id: first
    uses: http.request
    with: { url: ${counter}/first, method: POST, body: { step: first } }
  - id: second
    needs: [first]
    uses: http.request
    with: { url: ${counter}/second, method: POST, body: { step: second } }
outputs:
  status: \${{ steps.second.outputs.status }}
`,
  'slow.yml': `
name: slow
on: { api: true }
steps:
  - id: wait
    uses: http.request
    with: { url: ${counter}/slow, method: POST, timeout: 60s }
`,
});

describe.skipIf(!postgresUrl || !redisUrl)('distributed mode: following and cancelling a job across instances', () => {
  let cluster: Cluster;
  let counter: Awaited<ReturnType<typeof startCounter>>;
  let a: ServeProcess;
  let b: ServeProcess;
  beforeAll(async () => {
    // `/slow` answers after a minute: long enough to be cancelled in the middle.
    counter = await startCounter((path) => (path === '/slow' ? 60_000 : 50));
    // A lease of a minute: a cancel that arrives within seconds came through the relay, not a lease renewal.
    cluster = await startCluster({ postgresUrl: postgresUrl!, redisUrl: redisUrl!, workflows: workflows(counter.url), env: { AGENTIC_SDLC_LEASE_MS: '60000', AGENTIC_SDLC_CALLBACK_SECRET: CALLBACK_SECRET } });
    [a, b] = [await cluster.serve(['--no-worker']), await cluster.serve(['--no-worker'])];
    await cluster.worker();
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
    await counter?.close();
  });

  it('an SSE stream on instance B follows a job submitted on A and run by the worker, to its completion', async () => {
    const submitted = await api(a.url, '/api/workflows/submit', { workflow: 'two-steps' });
    expect(submitted.status).toBe(202);
    const id = submitted.json.job_id as string;
    const response = await fetch(`${b.url}/api/jobs/${id}/events`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await readUntil(response, 'event: run.completed', 30_000);
    const events = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(events.at(-1)).toBe('run.completed');
    // Whatever it joined in time for, in order; the completion carries the job as the worker left it.
    expect(events.filter((event) => event === 'step.completed').length).toBeGreaterThan(0);
    const completion = JSON.parse(/event: run.completed\ndata: (.+)/.exec(text)![1]!) as Record<string, unknown>;
    expect(completion).toMatchObject({ job_id: id, status: 'success', outputs: { status: 200 } });
  });

  it("`execute` on instance A waits for the worker's run and answers with its outputs", async () => {
    const response = await fetch(`${a.url}/api/workflows/execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow: 'two-steps' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'success', outputs: { status: 200 } });
  });

  it('the callback of a job submitted on A is signed and sent by the worker that ended it (A never sees it end locally)', async () => {
    const submitted = await api(a.url, '/api/workflows/submit', { workflow: 'two-steps', webhook_url: `${counter.url}/callback` });
    expect(submitted.status).toBe(202);
    const id = submitted.json.job_id as string;
    await until(() => counter.effects.some((effect) => effect.path === '/callback'), 30_000);
    // Once: the serve instances, which see the end relayed, send nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const callbacks = counter.effects.filter((effect) => effect.path === '/callback');
    expect(callbacks).toHaveLength(1);
    const verified = new Webhook(CALLBACK_SECRET).verify(callbacks[0]!.body, callbacks[0]!.headers) as { type: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({ type: 'job.completed', data: { job_id: id, status: 'success' } });
  });

  it('DELETE on instance B cancels the job the worker is running, at once', async () => {
    const submitted = await api(a.url, '/api/workflows/submit', { workflow: 'slow' });
    const id = submitted.json.job_id as string;
    await until(() => counter.effects.some((effect) => effect.path === '/slow' && effect.key.startsWith(id)), 30_000);
    const started = Date.now();
    const response = await fetch(`${b.url}/api/jobs/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ job_id: id, status: 'cancelled' });
    // Through the relay: a renewal would have taken up to 20 s.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

async function readUntil(response: Response, marker: string, ms: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => void reader.cancel(), ms);
  try {
    while (!text.includes(marker) || !/event: run.completed\ndata: .+\n/.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
