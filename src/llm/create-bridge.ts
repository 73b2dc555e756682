import type { Clock } from '../engine/clock.js';
import { LlmBridge } from './bridge.js';
import type { LlmConfig } from './config.js';
import { createKeyvStore, resolveCacheStore } from './kv-store.js';
import { PriceTable } from './prices.js';
import { DEFAULT_MODELS, createProviders } from './providers/create-providers.js';
import { RedisSpendStore } from './redis-spend-store.js';

export interface CreateLlmBridgeOptions {
  /** The state database path; the SQLite response cache lives beside it. */
  stateDb: string;
  /** Configured secrets: masked in every prompt. */
  secrets?: Record<string, string>;
  /** Transport for the SDKs (tests, proxies). */
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  /**
   * `redis://…` of distributed mode (`config.redisUrl`): spend totals and budget reservations are then shared on
   * it by every worker, and the response cache defaults to it (`llm.cache.backend: auto`).
   */
  redisUrl?: string;
  /** Prefix of the spend store's Redis keys (tests isolate themselves with their own). */
  redisKeyPrefix?: string;
}

/** Builds the LLM bridge from the `llm` configuration section; called by the composition root only. */
export function createLlmBridge(config: LlmConfig, options: CreateLlmBridgeOptions): LlmBridge {
  const providers = createProviders(config.providers, options.fetch ? { fetch: options.fetch } : {});
  const keys = Object.values(config.providers).flatMap((provider) => (provider?.apiKey ? [provider.apiKey] : []));
  const cache = resolveCacheStore(config.cache, options.redisUrl);
  // Budgets hold across workers only on a shared Redis: REDIS_URL, else the Redis the cache is on.
  const spendRedisUrl = options.redisUrl ?? (cache.backend === 'redis' ? cache.url : undefined);
  return new LlmBridge({
    providers,
    ...(config.model ? { model: config.model } : {}),
    fallback: config.fallback,
    prices: new PriceTable(config.prices),
    // Without a provider nothing is cached or spent: no cache file, no native SQLite module loaded.
    kv: createKeyvStore(providers.size > 0 ? config.cache : { ...config.cache, backend: 'memory' }, options.stateDb, options.redisUrl),
    ...(providers.size > 0 && spendRedisUrl
      ? { spend: new RedisSpendStore({ url: spendRedisUrl, ...(options.redisKeyPrefix ? { prefix: options.redisKeyPrefix } : {}) }) }
      : {}),
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
