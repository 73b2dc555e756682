import type { Clock } from '../engine/clock.js';
import { LlmBridge } from './bridge.js';
import type { LlmConfig } from './config.js';
import { createKeyvStore } from './kv-store.js';
import { PriceTable } from './prices.js';
import { DEFAULT_MODELS, createProviders } from './providers/create-providers.js';

export interface CreateLlmBridgeOptions {
  /** The state database path; the SQLite response cache lives beside it. */
  stateDb: string;
  /** Configured secrets: masked in every prompt. */
  secrets?: Record<string, string>;
  /** Transport for the SDKs (tests, proxies). */
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
}

/** Builds the LLM bridge from the `llm` configuration section; called by the composition root only. */
export function createLlmBridge(config: LlmConfig, options: CreateLlmBridgeOptions): LlmBridge {
  const providers = createProviders(config.providers, options.fetch ? { fetch: options.fetch } : {});
  const keys = Object.values(config.providers).flatMap((provider) => (provider?.apiKey ? [provider.apiKey] : []));
  return new LlmBridge({
    providers,
    ...(config.model ? { model: config.model } : {}),
    fallback: config.fallback,
    prices: new PriceTable(config.prices),
    // Without a provider nothing is cached or spent: no cache file, no native SQLite module loaded.
    kv: createKeyvStore(providers.size > 0 ? config.cache : { ...config.cache, backend: 'memory' }, options.stateDb),
    cache: config.cache.backend !== 'off',
    cacheTtlMs: config.cache.ttlDays * 24 * 3600 * 1000,
    budget: config.budget,
    retry: config.retry,
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    knownSecrets: [...keys, ...Object.values(options.secrets ?? {})],
    defaultModels: DEFAULT_MODELS,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
}
