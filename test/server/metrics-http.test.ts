import { afterEach, describe, expect, it } from 'vitest';
import { startJenkinsRig, type JenkinsRig } from '../jenkins/rig.js';

const TOKEN = 'metrics-test-jenkins-token-0123456789';
/** A failed build on a job that ci-failure listens for: one run recorded. */
const FAILED = { job: 'app-build', build: 7, status: 'FAILURE', url: 'https://ci.acme.test/job/app-build/7/' };

let rig: JenkinsRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics and GET /readyz', () => {
  it('count what each integration route answered, and the queue, without a token', async () => {
    rig = await startJenkinsRig({ jenkins: { webhookToken: TOKEN } });
    expect((await rig.post(FAILED)).status).toBeLessThan(300);
    expect((await rig.post(FAILED, { token: 'wrong-token-wrong-token-0000' })).status).toBe(401);
    const response = await fetch(`${rig.server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'agentic_sdlc_webhooks_received_total{source="jenkins",outcome="accepted"}')).toBe(1);
    expect(sample(text, 'agentic_sdlc_webhooks_received_total{source="jenkins",outcome="refused"}')).toBe(1);
    // worker: false: the recorded run waits in the queue.
    expect(sample(text, 'agentic_sdlc_queue_depth')).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('/readyz is 200 while the store and queue answer, and 503 naming the store once it is gone', async () => {
    rig = await startJenkinsRig({ jenkins: { webhookToken: TOKEN } });
    const ready = await fetch(`${rig.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok', queue: 'ok' } });
    await rig.runtime.store.close();
    const down = await fetch(`${rig.server.url}/readyz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(body.checks.store).not.toBe('ok');
    expect(body.checks.queue).toBe('ok');
  });
});
