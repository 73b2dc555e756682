import type { LlmConfig } from '../config.js';
import type { LlmProvider } from '../types.js';
import { createAnthropicProvider } from './anthropic.js';
import { createOpenAiProvider } from './openai.js';

export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
} as const;

/** Default model of each provider, used when no `llm.model` is configured. */
export const DEFAULT_MODELS: Record<string, string> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-4.1-mini',
  ollama: 'qwen2.5-coder',
};

/**
 * One adapter per configured provider: OpenAI and Anthropic need a key; Ollama (or any OpenAI-compatible
 * server) needs a base URL. `fetch` is injected, never captured from the global, so tests and proxies own it.
 */
export function createProviders(providers: LlmConfig['providers'], options: { fetch?: typeof fetch } = {}): Map<string, LlmProvider> {
  const result = new Map<string, LlmProvider>();
  const transport = options.fetch ? { fetch: options.fetch } : {};
  if (providers.openai?.apiKey) {
    result.set(
      'openai',
      createOpenAiProvider({
        name: 'openai',
        apiKey: providers.openai.apiKey,
        baseURL: providers.openai.baseURL ?? DEFAULT_BASE_URLS.openai,
        compatible: false,
        ...transport,
      }),
    );
  }
  if (providers.anthropic?.apiKey) {
    result.set(
      'anthropic',
      createAnthropicProvider({ apiKey: providers.anthropic.apiKey, baseURL: providers.anthropic.baseURL ?? DEFAULT_BASE_URLS.anthropic, ...transport }),
    );
  }
  if (providers.ollama?.baseURL) {
    result.set(
      'ollama',
      createOpenAiProvider({
        name: 'ollama',
        apiKey: providers.ollama.apiKey ?? 'ollama',
        baseURL: openAiCompatibleBase(providers.ollama.baseURL),
        compatible: true,
        ...transport,
      }),
    );
  }
  return result;
}

/** `http://localhost:11434` → `http://localhost:11434/v1` (Ollama's OpenAI-compatible API). */
export function openAiCompatibleBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}
