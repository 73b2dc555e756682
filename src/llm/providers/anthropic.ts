import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { LlmProvider, ProviderRequest, ProviderResponse } from '../types.js';

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL: string;
  fetch?: typeof fetch;
}

/** Anthropic Messages through the official SDK; structured output is a forced tool call. */
export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  // Loaded on the first call, so the offline CLI never pays for the SDK.
  let client: Promise<Anthropic> | undefined;
  const getClient = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      ({ default: AnthropicSdk }) =>
        new AnthropicSdk({
          apiKey: options.apiKey,
          authToken: null,
          baseURL: options.baseURL,
          maxRetries: 0,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
    ));
  return {
    name: 'anthropic',
    baseURL: options.baseURL,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const tool: Tool | undefined = request.output
        ? { name: request.output.name, description: request.output.description, input_schema: request.output.schema as Tool['input_schema'] }
        : undefined;
      const body: MessageCreateParamsNonStreaming = {
        model: request.model,
        max_tokens: request.maxOutputTokens,
        system: request.system,
        messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(tool ? { tools: [tool], tool_choice: { type: 'tool', name: tool.name } } : {}),
      };
      const { data, response } = await (await getClient()).messages.create(body, { signal: request.signal, timeout: request.timeoutMs }).withResponse();
      let text = '';
      let structured: unknown;
      for (const block of data.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use' && tool && block.name === tool.name) structured = block.input;
      }
      const usage = data.usage;
      const cacheRead = usage.cache_read_input_tokens ?? 0;
      const cacheWrite = usage.cache_creation_input_tokens ?? 0;
      const requestId = response.headers.get('request-id') ?? undefined;
      return {
        text,
        ...(structured !== undefined ? { structured } : {}),
        stopReason: data.stop_reason ?? undefined,
        usage: { inputTokens: usage.input_tokens + cacheRead + cacheWrite, outputTokens: usage.output_tokens, cachedInputTokens: cacheRead },
        model: data.model,
        ...(requestId ? { requestId } : {}),
      };
    },
  };
}
