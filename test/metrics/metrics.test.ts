import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../../src/engine/action.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { checkReadiness } from '../../src/metrics/readiness.js';
import { createTestEngine, step, workflow, type TestEngine } from '../helpers/engine.js';

let t: TestEngine | undefined;
let metrics: Metrics | undefined;
afterEach(async () => {
  metrics?.close();
  await t?.cleanup();
  t = metrics = undefined;
});

/** The value of one series in the exposition text (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const usage = defineAction({
  name: 'test.usage',
  description: 'reports a model call as the llm actions do',
  input: z.object({}),
  output: z.object({}),
  run(_ctx, _input, tools) {
    tools.emit('llm.usage', { model: 'openai:gpt-4.1-mini', inputTokens: 1200, outputTokens: 300, costUsd: 0.0012 });
    return Promise.resolve({});
  },
});

describe('metrics', () => {
  it('count runs by workflow and status, time steps and queue waits, and add up LLM tokens and cost from engine events', async () => {
    t = createTestEngine({ actions: [usage] });
    metrics = createMetrics({ bus: t.engine.bus, queueDepth: () => 3, processMetrics: false });
    const ok = await t.engine.submit(workflow('review', [step('a', 'test.echo'), step('llm', 'test.usage')]));
    const bad = await t.engine.submit(workflow('triage', [step('boom', 'test.fail')]));
    await t.engine.waitFor(ok.run.id);
    await t.engine.waitFor(bad.run.id);
    metrics.observeRequest('github', 200);
    metrics.observeRequest('github', 401);
    metrics.observeRequest('slack', 500);

    const text = await metrics.registry.metrics();
    expect(sample(text, 'agentic_sdlc_runs_total{workflow="review",status="success"}')).toBe(1);
    expect(sample(text, 'agentic_sdlc_runs_total{workflow="triage",status="failure"}')).toBe(1);
    expect(sample(text, 'agentic_sdlc_step_duration_seconds_count{status="success"}')).toBe(2);
    expect(sample(text, 'agentic_sdlc_queue_wait_seconds_count')).toBe(2);
    expect(sample(text, 'agentic_sdlc_llm_tokens_total{model="openai:gpt-4.1-mini",kind="input"}')).toBe(1200);
    expect(sample(text, 'agentic_sdlc_llm_tokens_total{model="openai:gpt-4.1-mini",kind="output"}')).toBe(300);
    expect(sample(text, 'agentic_sdlc_llm_cost_usd_total{model="openai:gpt-4.1-mini"}')).toBeCloseTo(0.0012);
    expect(sample(text, 'agentic_sdlc_queue_depth')).toBe(3);
    expect(sample(text, 'agentic_sdlc_webhooks_received_total{source="github",outcome="accepted"}')).toBe(1);
    expect(sample(text, 'agentic_sdlc_webhooks_received_total{source="github",outcome="refused"}')).toBe(1);
    expect(sample(text, 'agentic_sdlc_webhooks_received_total{source="slack",outcome="failed"}')).toBe(1);
  });

  it('stop counting once closed, and include the process metrics unless told not to', async () => {
    t = createTestEngine();
    metrics = createMetrics({ bus: t.engine.bus });
    metrics.close();
    const { run } = await t.engine.submit(workflow('after-close', [step('a', 'test.echo')]));
    await t.engine.waitFor(run.id);
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('workflow="after-close"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('readiness', () => {
  it('is ready when the store reads and the queue answers', async () => {
    t = createTestEngine();
    expect(await checkReadiness({ store: t.store, queue: { depth: () => Promise.resolve(0) } })).toEqual({ ready: true, checks: { store: 'ok', queue: 'ok' } });
  });

  it('names what failed, without a password from a connection URL', async () => {
    const store = { listRuns: () => Promise.reject(new Error('connect ECONNREFUSED postgres://app:s3cret@db:5432/runs')) };
    const readiness = await checkReadiness({ store, queue: { depth: () => Promise.resolve(0) } });
    expect(readiness).toEqual({ ready: false, checks: { store: 'connect ECONNREFUSED postgres://***@db:5432/runs', queue: 'ok' } });
  });
});
