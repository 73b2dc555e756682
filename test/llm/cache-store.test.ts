import { describe, expect, it } from 'vitest';
import { llmConfigSchema } from '../../src/llm/config.js';
import { resolveCacheStore } from '../../src/llm/kv-store.js';

const cache = (value: Record<string, unknown> = {}) => llmConfigSchema.parse({ cache: value }).cache;
const REDIS_URL = 'redis://queue.internal:6380';

describe('which store llm.cache means', () => {
  it('defaults to auto: Redis in distributed mode (redisUrl set), SQLite otherwise', () => {
    expect(cache().backend).toBe('auto');
    expect(resolveCacheStore(cache(), REDIS_URL)).toEqual({ backend: 'redis', url: REDIS_URL });
    expect(resolveCacheStore(cache())).toEqual({ backend: 'sqlite' });
  });

  it('lets an auto cache URL choose by its form: a redis:// URL is Redis, anything else a SQLite file', () => {
    expect(resolveCacheStore(cache({ url: 'rediss://cache.internal:6379' }), REDIS_URL)).toEqual({ backend: 'redis', url: 'rediss://cache.internal:6379' });
    expect(resolveCacheStore(cache({ url: '/var/cache/llm.sqlite' }), REDIS_URL)).toEqual({ backend: 'sqlite', url: '/var/cache/llm.sqlite' });
  });

  it('uses a backend named explicitly as named, a named Redis on redisUrl unless it has its own URL', () => {
    expect(resolveCacheStore(cache({ backend: 'sqlite' }), REDIS_URL)).toEqual({ backend: 'sqlite' });
    expect(resolveCacheStore(cache({ backend: 'memory' }), REDIS_URL)).toEqual({ backend: 'memory' });
    expect(resolveCacheStore(cache({ backend: 'off' }), REDIS_URL)).toEqual({ backend: 'off' });
    expect(resolveCacheStore(cache({ backend: 'redis' }), REDIS_URL)).toEqual({ backend: 'redis', url: REDIS_URL });
    expect(resolveCacheStore(cache({ backend: 'redis' }))).toEqual({ backend: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(resolveCacheStore(cache({ backend: 'redis', url: 'redis://other:6379' }), REDIS_URL)).toEqual({ backend: 'redis', url: 'redis://other:6379' });
  });
});
