import { Tiktoken } from 'js-tiktoken/lite';
import type { TiktokenBPE } from 'js-tiktoken/lite';
import { createRequire } from 'node:module';

export type TokenCounter = (text: string) => number;

const require = createRequire(import.meta.url);
const encoders = new Map<string, Tiktoken>();

/** Loads a BPE table once per process (o200k takes about a second); later calls share it. */
function encoder(name: 'o200k_base' | 'cl100k_base'): Tiktoken {
  let found = encoders.get(name);
  if (!found) {
    const ranks = require(`js-tiktoken/ranks/${name}`) as TiktokenBPE | { default: TiktokenBPE };
    found = new Tiktoken('default' in ranks ? ranks.default : ranks);
    encoders.set(name, found);
  }
  return found;
}

/** Which BPE an OpenAI model uses; `undefined` for models that are not OpenAI's. */
export function openAiEncoding(model: string): 'o200k_base' | 'cl100k_base' | undefined {
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|codex)/.test(model)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(model)) return 'cl100k_base';
  return undefined;
}

/**
 * Characters per token for models without a local tokenizer (Anthropic, Ollama models). Diffs run about
 * 2.7 characters per o200k token on the probot corpus, and Claude's tokenizer needs more tokens than o200k
 * for the same code, so 2.5 errs on the side of smaller packs: the budget holds.
 */
export const ESTIMATE_CHARS_PER_TOKEN = 2.5;

/**
 * A token counter for `provider:model`: the real tokenizer for OpenAI models (js-tiktoken), a
 * conservative estimate for the others.
 */
export function tokenCounter(provider: string, model: string): TokenCounter {
  const encoding = provider === 'openai' ? (openAiEncoding(model) ?? 'o200k_base') : undefined;
  if (encoding) {
    const enc = encoder(encoding);
    return (text) => (text ? enc.encode(text, 'all').length : 0);
  }
  return estimateTokens;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / ESTIMATE_CHARS_PER_TOKEN);
}

/** Tokens a chat message costs beyond its text (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 8;
