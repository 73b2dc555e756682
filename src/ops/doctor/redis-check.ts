import { Redis } from 'ioredis';
import { describeUrl } from '../../store/postgres-secrets.js';
import { fail, off, ok, reasonOf, withDeadline, type Check } from './check.js';

const NAME = 'Redis';

/**
 * REDIS_URL answers PING (after AUTH, when the URL has a password), and evicts nothing: BullMQ keeps its jobs
 * as ordinary keys, so a `maxmemory-policy` other than `noeviction` can drop queued runs when memory runs out.
 */
export const redisCheck: Check = async ({ config, network, timeoutMs }) => {
  const url = config.redisUrl;
  if (!url) return [off(NAME, 'not configured: runs are queued in this process (set REDIS_URL for distributed mode; docs/distributed.md)')];
  const where = describeUrl(url);
  if (!network) return [ok(NAME, `${where} (not contacted: --offline)`)];
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // Failures surface on the calls below, as "Connection is closed."; the reason is in the last 'error' event
  // (which, without a listener, ioredis would print).
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  try {
    const info = await withDeadline(timeoutMs, async () => {
      await redis.connect();
      await redis.ping();
      return `${await redis.info('server')}\n${await redis.info('memory')}`;
    });
    const version = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim();
    const policy = /^maxmemory_policy:(.+)$/m.exec(info)?.[1]?.trim();
    if (policy && policy !== 'noeviction') {
      return [fail(NAME, `${where} evicts keys (maxmemory-policy ${policy}): queued runs can be lost`, 'set maxmemory-policy noeviction on this Redis (BullMQ needs it)')];
    }
    return [ok(NAME, `${where} answers PING${version ? ` (Redis ${version})` : ''}`)];
  } catch (error) {
    return [fail(NAME, `${where}: ${reasonOf(lastError ?? error)}`, 'check that Redis runs and that REDIS_URL names its host, port and password')];
  } finally {
    redis.disconnect();
  }
};
