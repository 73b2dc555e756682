import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StepError } from '../../src/engine/errors.js';
import { BUDGET_EXCEEDED, INVALID_OUTPUT } from '../../src/llm/bridge.js';
import { llmConfigSchema } from '../../src/llm/config.js';
import { createLlmBridge } from '../../src/llm/create-bridge.js';
import { costOf, PriceTable } from '../../src/llm/prices.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ANTHROPIC, OPENAI, OPENAI_KEY, anthropicToolResponse, openAiCompletion, testBridge, testFetch, testScope, testTools, useStrictNock } from './helpers.js';

useStrictNock();

const request = {
  promptVersion: 'test-v1',
  system: 'system',
  user: 'question',
  schema: z.object({ verdict: z.enum(['ok', 'bad']) }),
  name: 'answer',
  description: 'the answer',
  maxOutputTokens: 1000,
};

describe('prices', () => {
  it('matches dated model ids to their family, provider wildcards, and configured overrides', () => {
    const table = new PriceTable({ 'openai:gpt-4.1-mini': { input: 1, output: 2 } });
    expect(table.lookup('openai:gpt-4.1-mini')).toEqual({ input: 1, output: 2 });
    expect(table.lookup('anthropic:claude-sonnet-4-5-20250929')).toMatchObject({ input: 3, output: 15 });
    expect(table.lookup('ollama:qwen2.5-coder')).toEqual({ input: 0, output: 0 });
    expect(table.lookup('openai:some-new-model')).toBeUndefined();
    expect(costOf({ input: 3, output: 15, cachedInput: 0.3 }, { inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 500_000 })).toBeCloseTo(1.5 + 0.15 + 1.5, 8);
  });
});

describe('usage, cost and budgets', () => {
  it('sums usage and cost per run, on the bus and in the ledger', async () => {
    const { bridge, clock } = testBridge();
    nock(OPENAI)
      .post('/v1/chat/completions').reply(200, openAiCompletion('{"verdict":"ok"}', { prompt_tokens: 19, completion_tokens: 10 }))
      .post('/v1/chat/completions').reply(200, openAiCompletion('{"verdict":"bad"}', { prompt_tokens: 1117, completion_tokens: 46, cached_tokens: 1000 }));
    const tools = testTools();
    const session = bridge.session(testScope(tools, { repo: 'octo/repo' }));
    await session.structured(request);
    await session.structured({ ...request, user: 'another question' });

    const first = (19 * 0.4 + 10 * 1.6) / 1e6;
    const second = (117 * 0.4 + 1000 * 0.1 + 46 * 1.6) / 1e6;
    expect(session.totals).toMatchObject({ calls: 2, cachedCalls: 0, inputTokens: 1136, outputTokens: 56, models: ['openai:gpt-4.1-mini'] });
    expect(session.totals.costUsd).toBeCloseTo(first + second, 8);
    const usage = tools.events.filter((e) => e.name === 'llm.usage').map((e) => e.data);
    expect(usage).toEqual([
      expect.objectContaining({ model: 'openai:gpt-4.1-mini', inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, cached: false, priced: true }),
      expect.objectContaining({ inputTokens: 1117, outputTokens: 46, cachedInputTokens: 1000 }),
    ]);
    expect(usage[1]!.runCostUsd).toBeCloseTo(first + second, 8);
    expect(await bridge.ledger.runSpent('run_test')).toBeCloseTo(first + second, 8);
    expect(await bridge.ledger.repoSpent('octo/repo', clock.now())).toBeCloseTo(first + second, 8);
  });

  it('stops the run before a call that could exceed its budget, with a clear message and no request', async () => {
    const { bridge } = testBridge({ budget: { perRunUsd: 0.001 } });
    const error = await bridge.session(testScope(testTools())).structured({ ...request, maxOutputTokens: 4096 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: BUDGET_EXCEEDED, retryable: false });
    expect((error as Error).message).toMatch(
      /^LLM budget exceeded for run run_test: the next call \(openai:gpt-4\.1-mini, ~\d+ prompt tokens\) could cost up to \$0\.0066 and the run has spent \$0\.00 of its \$0\.0010 limit\. Raise it with the step input budget\.maxCostUsd or llm\.budget\.perRunUsd/,
    );
  });

  it('stops a run once earlier calls have spent its budget', async () => {
    const { bridge } = testBridge();
    nock(OPENAI).post('/v1/chat/completions').reply(200, openAiCompletion('{"verdict":"ok"}', { prompt_tokens: 2000, completion_tokens: 500 }));
    const session = bridge.session(testScope(testTools(), { maxCostUsd: 0.003 }));
    await session.structured(request);
    await expect(session.structured({ ...request, user: 'again' })).rejects.toMatchObject({ code: BUDGET_EXCEEDED });
  });

  it('stops a repository that reached its monthly budget', async () => {
    const { bridge, clock } = testBridge({ budget: { perRepoMonthlyUsd: 0.5 } });
    await bridge.ledger.record('an-earlier-run', 'octo/repo', 0.4999, clock.now());
    const error = await bridge.session(testScope(testTools(), { repo: 'octo/repo' })).structured(request).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^LLM budget exceeded for octo\/repo: .* the repository has spent \$0\.50 of its \$0\.50 monthly limit/);
  });
});

describe('response cache', () => {
  it('answers a repeated prompt from the cache without a call, and a new prompt version calls again', async () => {
    const { bridge } = testBridge();
    nock(OPENAI).post('/v1/chat/completions').twice().reply(200, openAiCompletion('{"verdict":"ok"}'));
    const tools = testTools();
    const session = bridge.session(testScope(tools));
    const first = await session.structured(request);
    const second = await session.structured(request);
    const third = await session.structured({ ...request, promptVersion: 'test-v2' });
    expect([first.cached, second.cached, third.cached]).toEqual([false, true, false]);
    expect(second.value).toEqual({ verdict: 'ok' });
    expect(session.totals).toMatchObject({ calls: 2, cachedCalls: 1 });
    expect(tools.events.filter((e) => e.name === 'llm.usage').map((e) => e.data.cached)).toEqual([false, true, false]);
  });

  it('keeps answers in SQLite across processes (a new bridge on the same file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cache-'));
    try {
      const make = () =>
        createLlmBridge(llmConfigSchema.parse({ providers: { openai: { apiKey: OPENAI_KEY } }, model: 'openai:gpt-4.1-mini' }), {
          stateDb: join(dir, 'state.db'),
          fetch: testFetch,
          clock: new FakeClock(true),
        });
      nock(OPENAI).post('/v1/chat/completions').reply(200, openAiCompletion('{"verdict":"bad"}'));
      const one = make();
      expect((await one.session(testScope(testTools())).structured(request)).cached).toBe(false);
      await one.close();
      const two = make();
      expect(await two.session(testScope(testTools(), { runId: 'run_2' })).structured(request)).toMatchObject({ cached: true, value: { verdict: 'bad' } });
      await two.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('structured output', () => {
  it('asks once for a repair of invalid output, sending back the bad answer and the schema problem', async () => {
    const { bridge } = testBridge();
    const sent: Record<string, unknown>[] = [];
    nock(OPENAI)
      .post('/v1/chat/completions', (body: Record<string, unknown>) => sent.push(body) > 0)
      .reply(200, openAiCompletion('{"verdict":"maybe"}'))
      .post('/v1/chat/completions', (body: Record<string, unknown>) => sent.push(body) > 0)
      .reply(200, openAiCompletion('{"verdict":"bad"}'));
    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);
    expect(result.value).toEqual({ verdict: 'bad' });
    expect(sent[1]!.messages).toEqual([
      { role: 'developer', content: 'system' },
      { role: 'user', content: 'question' },
      { role: 'assistant', content: '{"verdict":"maybe"}' },
      {
        role: 'user',
        content: 'Your answer did not match the required schema: verdict: Invalid option: expected one of "ok"|"bad"\nAnswer again with only the corrected JSON for answer. Be concise.',
      },
    ]);
    expect(tools.logs.some((l) => l.message === 'openai:gpt-4.1-mini returned invalid answer output; asking once for a repair')).toBe(true);
  });

  it('fails the step with a clear error when the repair is invalid too', async () => {
    const { bridge } = testBridge({ model: 'anthropic:claude-sonnet-4-6' });
    const bad = anthropicToolResponse('answer', { verdict: 42 });
    nock(ANTHROPIC).post('/v1/messages').twice().reply(200, bad.body, bad.headers);
    const error = await bridge.session(testScope(testTools())).structured(request).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: INVALID_OUTPUT,
      retryable: false,
      message: 'anthropic:claude-sonnet-4-6 returned invalid answer output twice (after one repair attempt): verdict: Invalid option: expected one of "ok"|"bad"',
    });
  });
});
