/** The vendor-neutral shapes every provider adapter speaks. */

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A JSON schema the model must answer with (OpenAI `response_format`, Anthropic forced tool use). */
export interface OutputSchema {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface ProviderRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  output?: OutputSchema;
  maxOutputTokens: number;
  temperature?: number;
  signal: AbortSignal;
  timeoutMs: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens billed at the provider's cached-input price. */
  cachedInputTokens: number;
}

export interface ProviderResponse {
  /** Free text of the answer (empty when the answer is structured only). */
  text: string;
  /** The structured answer: the forced tool's input, or the JSON text of a `json_schema` response. */
  structured?: unknown;
  /** Why generation stopped, in the vendor's words (`stop`, `length`, `end_turn`, `tool_use`, `max_tokens`). */
  stopReason: string | undefined;
  /** The model refused (OpenAI `refusal`). */
  refusal?: string;
  usage: Usage;
  /** Model id the server reports. */
  model: string;
  requestId?: string;
}

export interface LlmProvider {
  /** `openai`, `anthropic`, `ollama`. */
  readonly name: string;
  /** Where its requests go, so a failure can say which server did not answer. */
  readonly baseURL: string;
  complete(request: ProviderRequest): Promise<ProviderResponse>;
}

/** `anthropic:claude-sonnet-4-5` split in two. */
export interface ModelRef {
  provider: string;
  model: string;
}

export function parseModelRef(ref: string): ModelRef {
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) {
    throw new Error(`invalid model "${ref}": expected provider:model, e.g. anthropic:claude-sonnet-4-5`);
  }
  return { provider: ref.slice(0, colon), model: ref.slice(colon + 1) };
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}:${ref.model}`;
}
