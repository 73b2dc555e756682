import type { LlmConfig } from '../../llm/config.js';
import { DEFAULT_BASE_URLS, openAiCompatibleBase } from '../../llm/providers/create-providers.js';

/** At most this many model ids are read (Anthropic pages its list). */
const MAX_MODELS = 2_000;

/**
 * The models a provider offers to this key, through the same SDK and base URL the provider adapters use
 * (`GET /v1/models`): OpenAI and OpenAI-compatible servers (Ollama) with the OpenAI SDK, Anthropic with its own.
 * No retries: the doctor reports the first answer.
 */
export async function listModels(provider: string, providers: LlmConfig['providers'], signal: AbortSignal, timeout: number): Promise<string[]> {
  const ids: string[] = [];
  if (provider === 'anthropic') {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const settings = providers.anthropic!;
    const client = new Anthropic({ apiKey: settings.apiKey!, authToken: null, baseURL: settings.baseURL ?? DEFAULT_BASE_URLS.anthropic, maxRetries: 0, timeout });
    for await (const model of client.models.list({ limit: 1000 }, { signal })) {
      ids.push(model.id);
      if (ids.length >= MAX_MODELS) break;
    }
    return ids;
  }
  const { default: OpenAI } = await import('openai');
  const settings = provider === 'ollama' ? providers.ollama! : providers.openai!;
  const baseURL = provider === 'ollama' ? openAiCompatibleBase(settings.baseURL!) : (settings.baseURL ?? DEFAULT_BASE_URLS.openai);
  const client = new OpenAI({ apiKey: settings.apiKey ?? 'ollama', baseURL, organization: null, project: null, maxRetries: 0, timeout });
  for await (const model of client.models.list({ signal })) {
    ids.push(model.id);
    if (ids.length >= MAX_MODELS) break;
  }
  return ids;
}
