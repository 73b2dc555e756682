import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';
import type { ActionContext, ActionTools, StepLogger } from '../../src/engine/action.js';
import type { Clock } from '../../src/engine/clock.js';
import type { CallScope, LlmBridge } from '../../src/llm/bridge.js';
import { llmConfigSchema, type LlmConfig } from '../../src/llm/config.js';
import { createLlmBridge } from '../../src/llm/create-bridge.js';
import { FakeClock } from '../helpers/fake-clock.js';

const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/llm/${path}`, import.meta.url), 'utf8'));

interface OpenAiExample {
  title: string;
  response_json: Record<string, unknown> | null;
}
interface RecordedExchange {
  response: Record<string, unknown>;
  rawHeaders: Record<string, string>;
}
interface ErrorBody {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const corpus = {
  openaiExamples: (fixture('openai/chat-completions-examples.json') as { examples: OpenAiExample[] }).examples,
  anthropicRecorded: fixture('anthropic/nock-ToolRunner-recorded.json') as RecordedExchange[],
  errors: fixture('error-bodies.json') as { openai: ErrorBody[]; anthropic: ErrorBody[] },
};

export const OPENAI = 'https://api.openai.com';
export const ANTHROPIC = 'https://api.anthropic.com';
export const OPENAI_KEY = 'sk-test-openai-key-0123456789';
export const ANTHROPIC_KEY = 'sk-ant-test-key-0123456789';

/** The official "Default" chat completion example, answering `content` instead of its greeting. */
export function openAiCompletion(content: string, usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }) {
  const example = structuredClone(corpus.openaiExamples.find((e) => e.title === 'Default')!.response_json!) as {
    model: string;
    choices: { message: { content: string } }[];
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; prompt_tokens_details: { cached_tokens: number } };
  };
  example.model = 'gpt-4.1-mini-2025-04-14';
  example.choices[0]!.message.content = content;
  if (usage) {
    example.usage.prompt_tokens = usage.prompt_tokens;
    example.usage.completion_tokens = usage.completion_tokens;
    example.usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    example.usage.prompt_tokens_details.cached_tokens = usage.cached_tokens ?? 0;
  }
  return example;
}

/** The first recorded Anthropic exchange (text + tool_use), its tool call answering `input` for `tool`. */
export function anthropicToolResponse(tool: string, input: unknown) {
  const recorded = corpus.anthropicRecorded[0]!;
  const body = structuredClone(recorded.response) as { model: string; content: { type: string; name?: string; input?: unknown }[] };
  body.model = 'claude-sonnet-4-6';
  const use = body.content.find((block) => block.type === 'tool_use')!;
  use.name = tool;
  use.input = input;
  const headers = { ...recorded.rawHeaders };
  delete headers['transfer-encoding'];
  return { body, headers };
}

export function openAiError(index: number) {
  return corpus.errors.openai[index]!;
}

export function anthropicError(status: number) {
  return corpus.errors.anthropic.find((e) => e.status === status)!;
}

/** Strict nock: no real network, and every test ends with no pending mock and no unexpected request. */
export function useStrictNock(): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending, 'pending HTTP mocks').toEqual([]);
  });
}

/** Late-bound fetch so nock's interception of the global fetch is always the one used. */
export const testFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

export function testBridge(config: Record<string, unknown> = {}, options: { clock?: Clock } = {}): { bridge: LlmBridge; clock: FakeClock; config: LlmConfig } {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock(true);
  const parsed = llmConfigSchema.parse({
    providers: { openai: { apiKey: OPENAI_KEY }, anthropic: { apiKey: ANTHROPIC_KEY } },
    model: 'openai:gpt-4.1-mini',
    cache: { backend: 'memory' },
    ...config,
  });
  const bridge = createLlmBridge(parsed, { stateDb: '/nonexistent/state.db', fetch: testFetch, clock, random: () => 0.5 });
  return { bridge, clock, config: parsed };
}

export interface Recorder {
  events: { name: string; data: Record<string, unknown> }[];
  logs: { level: string; message: string; data?: Record<string, unknown> }[];
}

export function testTools(signal: AbortSignal = new AbortController().signal): ActionTools & Recorder {
  const events: Recorder['events'] = [];
  const logs: Recorder['logs'] = [];
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => logs.push({ level, message, ...(data ? { data } : {}) });
  const logger: StepLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { signal, log: logger, emit: (name, data) => events.push({ name, data: data as Record<string, unknown> }), events, logs };
}

export function testScope(tools: ActionTools, extra: Partial<CallScope> = {}): CallScope {
  return { runId: 'run_test', signal: tools.signal, log: tools.log, emit: (name, data) => tools.emit(name, data), purpose: 'test', ...extra };
}

export function testContext(extra: Partial<ActionContext> = {}): ActionContext {
  return { runId: 'run_test', workflow: 'pr-review', stepId: 'review', attempt: 1, ...extra };
}

/** Captures the JSON bodies of requests a nock scope answered. */
export function bodies(): { list: Record<string, unknown>[]; take: (body: Record<string, unknown>) => boolean } {
  const list: Record<string, unknown>[] = [];
  return {
    list,
    take: (body) => {
      list.push(body);
      return true;
    },
  };
}
