import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOutputJsonSchema } from '../../src/llm/structured.js';
import { ANTHROPIC, ANTHROPIC_KEY, OPENAI, OPENAI_KEY, anthropicToolResponse, openAiCompletion, testBridge, testScope, testTools, useStrictNock } from './helpers.js';

useStrictNock();

const answer = z.object({ verdict: z.enum(['ok', 'bad']), reason: z.string().nullable() });
const request = {
  promptVersion: 'test-v1',
  system: 'You judge things.',
  user: 'Is this fine?',
  schema: answer,
  name: 'judge',
  description: 'The verdict.',
  maxOutputTokens: 500,
};
const schema = toOutputJsonSchema(answer) as nock.DataMatcherMap;

describe('provider adapters', () => {
  it('sends OpenAI a strict json_schema chat completion and reads the answer, usage and cost', async () => {
    const { bridge } = testBridge();
    nock(OPENAI, { reqheaders: { authorization: `Bearer ${OPENAI_KEY}` } })
      .post('/v1/chat/completions', {
        model: 'gpt-4.1-mini' as string,
        messages: [
          { role: 'developer', content: 'You judge things.' },
          { role: 'user', content: 'Is this fine?' },
        ],
        max_completion_tokens: 500,
        response_format: { type: 'json_schema', json_schema: { name: 'judge', description: 'The verdict.', schema, strict: true } },
      })
      .reply(200, openAiCompletion('{"verdict":"ok","reason":null}', { prompt_tokens: 1000, completion_tokens: 100 }), { 'x-request-id': 'req_abc' });

    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);

    expect(result).toMatchObject({ value: { verdict: 'ok', reason: null }, model: 'openai:gpt-4.1-mini', cached: false });
    expect(result.usage).toEqual({ inputTokens: 1000, outputTokens: 100, cachedInputTokens: 0 });
    // gpt-4.1-mini: $0.40 in, $1.60 out per million tokens.
    expect(result.costUsd).toBeCloseTo(0.00056, 10);
    expect(schema).toEqual({
      type: 'object',
      properties: { verdict: { type: 'string', enum: ['ok', 'bad'] }, reason: { type: ['string', 'null'] } },
      required: ['verdict', 'reason'],
      additionalProperties: false,
    });
    await bridge.close();
  });

  it('asks Anthropic for a forced tool call and reads its input, with the recorded response headers', async () => {
    const { bridge } = testBridge({ model: 'anthropic:claude-sonnet-4-6' });
    const recorded = anthropicToolResponse('judge', { verdict: 'bad', reason: 'too loud' });
    nock(ANTHROPIC, { reqheaders: { authorization: `Bearer ${ANTHROPIC_KEY}` } })
      .post('/v1/messages', {
        model: 'claude-sonnet-4-6',
        max_tokens: 500,
        system: 'You judge things.',
        messages: [{ role: 'user', content: 'Is this fine?' }],
        tools: [{ name: 'judge', description: 'The verdict.', input_schema: schema }],
        tool_choice: { type: 'tool', name: 'judge' },
      })
      .reply(200, recorded.body, recorded.headers);

    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);

    expect(result.value).toEqual({ verdict: 'bad', reason: 'too loud' });
    expect(result.model).toBe('anthropic:claude-sonnet-4-6');
    // The recorded exchange used 415 input and 76 output tokens; Sonnet is $3 / $15 per million.
    expect(result.usage).toEqual({ inputTokens: 415, outputTokens: 76, cachedInputTokens: 0 });
    expect(result.costUsd).toBeCloseTo((415 * 3 + 76 * 15) / 1e6, 10);
    expect(tools.events.find((e) => e.name === 'llm.usage')?.data).toMatchObject({ requestId: 'req_011CVLotQepAqEAyhJpvkpZN', model: 'anthropic:claude-sonnet-4-6' });
    await bridge.close();
  });

  it('talks to Ollama through its OpenAI-compatible API with a system message and max_tokens', async () => {
    const { bridge } = testBridge({ providers: { ollama: { baseURL: 'http://127.0.0.1:11434' } }, model: 'ollama:qwen2.5-coder' });
    nock('http://127.0.0.1:11434')
      .post('/v1/chat/completions', (body: Record<string, unknown>) => {
        expect(body).toEqual({
          model: 'qwen2.5-coder',
          messages: [
            { role: 'system', content: 'You judge things.' },
            { role: 'user', content: 'Is this fine?' },
          ],
          max_tokens: 500,
          response_format: { type: 'json_schema', json_schema: { name: 'judge', description: 'The verdict.', schema, strict: true } },
        });
        return true;
      })
      .reply(200, openAiCompletion('{"verdict":"ok","reason":"fine"}'));

    const tools = testTools();
    const result = await bridge.session(testScope(tools)).structured(request);
    expect(result.value).toEqual({ verdict: 'ok', reason: 'fine' });
    expect(result.costUsd).toBe(0);
    await bridge.close();
  });

  it('refuses a model whose provider is not configured, naming the configured ones', () => {
    const { bridge } = testBridge({ providers: { openai: { apiKey: OPENAI_KEY } } });
    expect(() => bridge.session(testScope(testTools(), { model: 'anthropic:claude-sonnet-4-6' }))).toThrow(
      'model anthropic:claude-sonnet-4-6: provider "anthropic" is not configured (configured: openai)',
    );
  });
});
