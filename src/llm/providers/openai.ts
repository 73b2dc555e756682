import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LlmProvider, ProviderRequest, ProviderResponse } from '../types.js';

export interface OpenAiProviderOptions {
  /** `openai`, or `ollama`/`vllm`/... for OpenAI-compatible servers. */
  name: string;
  apiKey: string;
  baseURL: string;
  /** Injected so tests (and proxies) control the transport; the SDK captures it at construction. */
  fetch?: typeof fetch;
  /** OpenAI's own API takes `max_completion_tokens`; most compatible servers only know `max_tokens`. */
  compatible: boolean;
}

/** Chat Completions through the official SDK; also Ollama, vLLM and other OpenAI-compatible servers. */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  // The SDK is loaded on the first call, so the offline CLI never pays for it.
  let client: Promise<OpenAI> | undefined;
  const getClient = () =>
    (client ??= import('openai').then(
      ({ default: OpenAISdk }) =>
        new OpenAISdk({
          apiKey: options.apiKey,
          baseURL: options.baseURL,
          organization: null,
          project: null,
          // Retries, waits and fallbacks are the bridge's: one policy, an injectable clock.
          maxRetries: 0,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
    ));
  return {
    name: options.name,
    baseURL: options.baseURL,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const body: ChatCompletionCreateParamsNonStreaming = {
        model: request.model,
        messages: [
          { role: options.compatible ? 'system' : 'developer', content: request.system },
          ...request.messages.map((message) => ({ role: message.role, content: message.content })),
        ],
        ...(options.compatible ? { max_tokens: request.maxOutputTokens } : { max_completion_tokens: request.maxOutputTokens }),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.output
          ? {
              response_format: {
                type: 'json_schema',
                json_schema: { name: request.output.name, description: request.output.description, schema: request.output.schema, strict: true },
              },
            }
          : {}),
      };
      const { data, response } = await (await getClient()).chat.completions
        .create(body, { signal: request.signal, timeout: request.timeoutMs })
        .withResponse();
      const choice = data.choices[0];
      const text = choice?.message.content ?? '';
      const usage = data.usage;
      const requestId = response.headers.get('x-request-id') ?? undefined;
      return {
        text,
        ...(request.output && text ? { structured: text } : {}),
        stopReason: choice?.finish_reason,
        ...(choice?.message.refusal ? { refusal: choice.message.refusal } : {}),
        usage: {
          inputTokens: usage?.prompt_tokens ?? 0,
          outputTokens: usage?.completion_tokens ?? 0,
          cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
        },
        model: data.model,
        ...(requestId ? { requestId } : {}),
      };
    },
  };
}
