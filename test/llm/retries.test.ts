import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CancelledError } from '../../src/engine/errors.js';
import { LlmCallError } from '../../src/llm/errors.js';
import { parseRetryAfter } from '../../src/llm/retry-after.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ANTHROPIC, OPENAI, anthropicError, anthropicToolResponse, openAiCompletion, openAiError, testBridge, testScope, testTools, useStrictNock } from './helpers.js';

useStrictNock();

const request = {
  promptVersion: 'test-v1',
  system: 'system',
  user: 'question',
  schema: z.object({ ok: z.boolean() }),
  name: 'answer',
  description: 'the answer',
};
const okOpenAi = () => openAiCompletion('{"ok":true}', { prompt_tokens: 10, completion_tokens: 5 });
const okAnthropic = () => anthropicToolResponse('answer', { ok: true });

describe('retry-after', () => {
  it('prefers retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    expect(parseRetryAfter({ 'retry-after': '46', 'retry-after-ms': '45190' })).toBe(45190);
    expect(parseRetryAfter({ 'Retry-After': '30' })).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': '1.5' })).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.4' }))).toBe(251);
  });
});

describe('retries and fallback', () => {
  it('waits what an OpenAI 429 asks for (retry-after-ms) and then succeeds', async () => {
    const { bridge, clock } = testBridge();
    const limited = openAiError(0);
    nock(OPENAI).post('/v1/chat/completions').reply(limited.status, limited.body as object, limited.headers).post('/v1/chat/completions').reply(200, okOpenAi());
    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);
    expect(result.value).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([45190]);
    expect(tools.events.filter((e) => e.name === 'llm.retry').map((e) => e.data)).toEqual([
      expect.objectContaining({ model: 'openai:gpt-4.1-mini', attempt: 1, waitMs: 45190, status: 429 }),
    ]);
  });

  it('retries Anthropic 529 and 500 with exponential backoff, and 429 after its retry-after', async () => {
    const { bridge, clock } = testBridge({ model: 'anthropic:claude-sonnet-4-6', retry: { maxRetries: 3 } });
    const [overloaded, internal, limited] = [anthropicError(529), anthropicError(500), anthropicError(429)];
    const recorded = okAnthropic();
    nock(ANTHROPIC)
      .post('/v1/messages').reply(overloaded.status, overloaded.body as object, overloaded.headers)
      .post('/v1/messages').reply(internal.status, internal.body as object, internal.headers)
      .post('/v1/messages').reply(limited.status, limited.body as object, limited.headers)
      .post('/v1/messages').reply(200, recorded.body, recorded.headers);
    const result = await bridge.session(testScope(testTools())).structured(request);
    expect(result.value).toEqual({ ok: true });
    // 0.5 s and 1 s, minus 12.5% jitter (random = 0.5); then the 429's `retry-after: 30`.
    expect(clock.sleeps).toEqual([438, 875, 30_000]);
  });

  it('does not retry insufficient_quota and falls back to the next model at once', async () => {
    const { bridge, clock } = testBridge({ fallback: ['anthropic:claude-sonnet-4-6'] });
    const quota = openAiError(1);
    const recorded = okAnthropic();
    nock(OPENAI).post('/v1/chat/completions').reply(quota.status, quota.body as object, quota.headers);
    nock(ANTHROPIC).post('/v1/messages').reply(200, recorded.body, recorded.headers);
    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);
    expect(result.model).toBe('anthropic:claude-sonnet-4-6');
    expect(clock.sleeps).toEqual([]);
    expect(tools.events.find((e) => e.name === 'llm.fallback')?.data).toMatchObject({ from: 'openai:gpt-4.1-mini', to: 'anthropic:claude-sonnet-4-6' });
  });

  it('does not retry a 400 input error and reports it as not retryable', async () => {
    const { bridge, clock } = testBridge();
    nock(OPENAI)
      .post('/v1/chat/completions')
      .reply(400, { error: { message: "Invalid schema for response_format 'answer'", type: 'invalid_request_error', param: 'response_format', code: null } });
    const error = await bridge.session(testScope(testTools())).structured(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ retryable: false, status: 400, message: expect.stringContaining("openai:gpt-4.1-mini failed (HTTP 400 invalid_request_error): Invalid schema") });
    expect(clock.sleeps).toEqual([]);
  });

  it('falls back to OpenAI after Anthropic stays overloaded through its retries', async () => {
    const { bridge, clock } = testBridge({ model: 'anthropic:claude-sonnet-4-6', fallback: ['openai:gpt-4.1-mini'] });
    const overloaded = anthropicError(529);
    nock(ANTHROPIC).post('/v1/messages').times(3).reply(overloaded.status, overloaded.body as object, overloaded.headers);
    nock(OPENAI).post('/v1/chat/completions').reply(200, okOpenAi());
    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);
    expect(result.model).toBe('openai:gpt-4.1-mini');
    expect(clock.sleeps).toEqual([438, 875]);
    expect(tools.logs.some((l) => l.level === 'warn' && l.message.includes('falling back to openai:gpt-4.1-mini'))).toBe(true);
  });

  it('moves on to the fallback instead of waiting longer than llm.retry.maxWaitMs', async () => {
    const { bridge, clock } = testBridge({ fallback: ['anthropic:claude-sonnet-4-6'], retry: { maxWaitMs: 10_000 } });
    const limited = openAiError(0);
    const recorded = okAnthropic();
    nock(OPENAI).post('/v1/chat/completions').reply(limited.status, limited.body as object, limited.headers);
    nock(ANTHROPIC).post('/v1/messages').reply(200, recorded.body, recorded.headers);
    const result = await bridge.session(testScope(testTools())).structured(request);
    expect(result.model).toBe('anthropic:claude-sonnet-4-6');
    expect(clock.sleeps).toEqual([]);
  });

  it('stops waiting and calls nothing more when the step is cancelled during a retry wait', async () => {
    const clock = new FakeClock(false);
    const { bridge } = testBridge({}, { clock });
    const limited = openAiError(0);
    nock(OPENAI).post('/v1/chat/completions').reply(limited.status, limited.body as object, limited.headers);
    const controller = new AbortController();
    const pending = bridge.session(testScope(testTools(controller.signal))).structured(request);
    await vi_waitFor(() => clock.sleeps.length === 1);
    controller.abort('run cancelled');
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('times a call out with the per-call timeout and retries it', async () => {
    const clock = new FakeClock(false);
    const { bridge } = testBridge({ timeoutMs: 5000, retry: { maxRetries: 1 } }, { clock });
    nock(OPENAI).post('/v1/chat/completions').delay(60_000).reply(200, okOpenAi()).post('/v1/chat/completions').reply(200, okOpenAi());
    const pending = bridge.session(testScope(testTools())).structured(request);
    await vi_waitFor(() => clock.pendingTimers() === 1);
    clock.advance(5000);
    await vi_waitFor(() => clock.sleeps.length === 1);
    clock.advance(clock.sleeps[0]!);
    await expect(pending).resolves.toMatchObject({ value: { ok: true } });
  });
});

async function vi_waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}
