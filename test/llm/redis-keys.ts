import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** A key prefix of its own for one test file, and the removal of every key under it afterwards. */
export function redisTestPrefix(name: string): { prefix: string; cleanup(url: string): Promise<void> } {
  const prefix = `test:${name}:${randomUUID()}:`;
  return {
    prefix,
    async cleanup(url) {
      const redis = new Redis(url);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
    },
  };
}
