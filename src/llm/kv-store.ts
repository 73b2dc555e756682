import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type KeyvRedisType from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { LlmConfig } from './config.js';
import { preparePrivateFile } from '../store/private-file.js';

/**
 * The key-value store behind the response cache and the spend ledger: SQLite next to the state database
 * by default, Redis when configured (shared by several workers), memory for tests and `backend: off`
 * (which disables response caching but still tracks spend for this process).
 */
export function createKeyvStore(cache: LlmConfig['cache'], stateDbPath: string): Keyv {
  const options = { namespace: 'agentic-sdlc-llm', useKeyPrefix: true };
  switch (cache.backend) {
    case 'redis': {
      const url = cache.url ?? 'redis://127.0.0.1:6379';
      // Loaded only when configured: the Redis client costs every CLI start ~0.1 s otherwise.
      const KeyvRedis = createRequire(import.meta.url)('@keyv/redis') as { default: typeof KeyvRedisType };
      // Fail a call rather than hang it when Redis is down: the cache is an optimisation.
      return new Keyv({ store: new KeyvRedis.default(url, { throwOnConnectError: true, connectionTimeout: 2000 }), ...options });
    }
    case 'sqlite': {
      const path = resolve(cache.url ?? resolve(dirname(stateDbPath), 'llm-cache.sqlite'));
      // Cached answers quote the reviewed code: private to this user, like the state file.
      preparePrivateFile(path);
      return new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000 }), ...options });
    }
    default:
      return new Keyv(options);
  }
}
