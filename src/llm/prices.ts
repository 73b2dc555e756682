import type { Price } from './config.js';
import type { Usage } from './types.js';

/**
 * USD per million tokens, from the vendors' public price pages (2025); `claude-sonnet-4-6` is assumed to
 * keep Sonnet's $3/$15 — check it against your invoice and override it in `llm.prices` if it differs. Dated ids
 * (`claude-sonnet-4-5-20250929`, `gpt-4.1-mini-2025-04-14`) match their undated prefix; `provider:*`
 * covers a whole provider (local Ollama models cost nothing). Override or extend with `llm.prices`.
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'openai:gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'openai:gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'openai:gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'openai:gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5 },
  'anthropic:claude-sonnet-4-6': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08 },
  'ollama:*': { input: 0, output: 0 },
};

export class PriceTable {
  private readonly prices: Record<string, Price>;

  constructor(overrides: Record<string, Price> = {}) {
    this.prices = { ...DEFAULT_PRICES, ...overrides };
  }

  /** The price of `provider:model`, or undefined when the table has none (cost then cannot be bounded). */
  lookup(ref: string): Price | undefined {
    const exact = this.prices[ref];
    if (exact) return exact;
    let best: string | undefined;
    for (const key of Object.keys(this.prices)) {
      if (ref.startsWith(`${key}-`) && (!best || key.length > best.length)) best = key;
    }
    if (best) return this.prices[best];
    return this.prices[`${ref.slice(0, ref.indexOf(':'))}:*`];
  }
}

/** Cost in USD of one call; cached prompt tokens at the cached price. Rounded to 1e-8 to keep sums stable. */
export function costOf(price: Price, usage: Usage): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  const dollars = (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000;
  return Math.round(dollars * 1e8) / 1e8;
}
