import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type KeyvRedisType from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { LlmConfig } from './config.js';
import { preparePrivateFile } from '../store/private-file.js';

export interface CacheStore {
  backend: Exclude<LlmConfig['cache']['backend'], 'auto'>;
  /** The SQLite file or Redis URL; absent: the backend's default. */
  url?: string;
}

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Which store `llm.cache` means. `auto` follows the deployment: Redis when the cache URL is a Redis URL or, with
 * no cache URL, when the configuration has a `redisUrl` (distributed mode); SQLite otherwise. A named `redis`
 * backend without a URL uses `redisUrl`, then a local Redis.
 */
export function resolveCacheStore(cache: LlmConfig['cache'], redisUrl?: string): CacheStore {
  const url = cache.url;
  switch (cache.backend) {
    case 'auto':
      if (url) return { backend: /^rediss?:\/\//.test(url) ? 'redis' : 'sqlite', url };
      return redisUrl ? { backend: 'redis', url: redisUrl } : { backend: 'sqlite' };
    case 'redis':
      return { backend: 'redis', url: url ?? redisUrl ?? LOCAL_REDIS };
    default:
      return { backend: cache.backend, ...(url ? { url } : {}) };
  }
}

/**
 * The key-value store behind the response cache: SQLite next to the state database by default, Redis when
 * configured (shared by several workers), memory for tests and `backend: off` (which disables response caching;
 * spend is then tracked in memory, for this process).
 */
export function createKeyvStore(cache: LlmConfig['cache'], stateDbPath: string, redisUrl?: string): Keyv {
  const options = { namespace: 'agentic-sdlc-llm', useKeyPrefix: true };
  const store = resolveCacheStore(cache, redisUrl);
  switch (store.backend) {
    case 'redis': {
      // Loaded only when configured: the Redis client costs every CLI start ~0.1 s otherwise.
      const KeyvRedis = createRequire(import.meta.url)('@keyv/redis') as { default: typeof KeyvRedisType };
      // Fail a call rather than hang it when Redis is down: the cache is an optimisation.
      return new Keyv({ store: new KeyvRedis.default(store.url ?? LOCAL_REDIS, { throwOnConnectError: true, connectionTimeout: 2000 }), ...options });
    }
    case 'sqlite': {
      const path = sqliteCachePath(store.url, stateDbPath);
      // Cached answers quote the reviewed code: private to this user, like the state file.
      preparePrivateFile(path);
      return new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 }), ...options });
    }
    default:
      return new Keyv(options);
  }
}

/** The SQLite cache file: `url` when given, else `llm-cache.sqlite` beside the state file. Backup and doctor read the same. */
export function sqliteCachePath(url: string | undefined, stateDbPath: string): string {
  return resolve(url ?? resolve(dirname(stateDbPath), 'llm-cache.sqlite'));
}
