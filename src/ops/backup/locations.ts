import type { Config } from '../../config/schema.js';
import { resolveCacheStore, sqliteCachePath } from '../../llm/kv-store.js';

/**
 * Where the configuration keeps what a backup covers. Runs, steps and API tokens share one store: the SQLite
 * state file (`db`), or PostgreSQL with `databaseUrl` (DATABASE_URL), as `createRunStore` and
 * `createTokenStore` decide. The LLM response cache (and, without Redis, the LLM spend ledger) is a separate
 * SQLite file beside the state file unless `llm.cache` puts it on Redis or in memory.
 */
export type StateLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
export type CacheLocation = { kind: 'sqlite'; path: string } | { kind: 'elsewhere'; why: string };

export function stateLocation(config: Pick<Config, 'db' | 'databaseUrl'>): StateLocation {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', path: config.db };
}

export function cacheLocation(config: Pick<Config, 'db' | 'redisUrl' | 'llm'>): CacheLocation {
  const store = resolveCacheStore(config.llm.cache, config.redisUrl);
  switch (store.backend) {
    case 'sqlite':
      return { kind: 'sqlite', path: sqliteCachePath(store.url, config.db) };
    case 'redis':
      return { kind: 'elsewhere', why: 'the LLM cache is on Redis (llm.cache / REDIS_URL): back it up with Redis itself (redis-cli --rdb <file>)' };
    default:
      return { kind: 'elsewhere', why: `the LLM cache is not kept on disk (llm.cache.backend: ${store.backend}): there is nothing to back up or restore` };
  }
}

/** Where the cache's backup goes, beside the state's: `<file>.llm-cache` (for S3, the key with that suffix). */
export const CACHE_SUFFIX = '.llm-cache';
