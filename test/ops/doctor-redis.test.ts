import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from '../helpers/services.js';
import { check, doctorJson } from './doctor-helpers.js';

/**
 * A Redis of this test's own (the shared one must keep its settings: other suites run on it), started with a
 * password and an eviction policy BullMQ cannot live with. Needs the same `redis-server` the shared one is.
 */
const shared = await requireRedis();
const PASSWORD = 'redis-pass-1c2d3e4f';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!shared)('agentic-sdlc doctor: Redis', () => {
  let redis: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD, '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
    // Ready when it answers; until then each attempt fails fast.
    for (let attempt = 0; ; attempt++) {
      const client = new Redis({ port, password: PASSWORD, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        await client.quit();
        break;
      } catch (error) {
        client.disconnect();
        if (attempt >= 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  afterAll(() => {
    redis?.kill();
  });

  it('fails a Redis that evicts keys, one that refuses the password, and passes it once it evicts nothing', async () => {
    const [evicting, refused] = await Promise.all([
      doctorJson({ REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` }),
      doctorJson({ REDIS_URL: `redis://:wrong-pass-9a9a@127.0.0.1:${port}` }),
    ]);
    expect(check(evicting, 'Redis')).toMatchObject({
      status: 'fail',
      message: `redis://127.0.0.1:${port} evicts keys (maxmemory-policy allkeys-lru): queued runs can be lost`,
      fix: 'set maxmemory-policy noeviction on this Redis (BullMQ needs it)',
    });
    expect(check(refused, 'Redis')).toMatchObject({ status: 'fail', message: expect.stringMatching(/WRONGPASS/) });
    for (const result of [evicting, refused]) {
      expect(result.stdout + result.stderr).not.toMatch(/redis-pass-1c2d3e4f|wrong-pass-9a9a/);
      expect(result.code).toBe(1);
    }
    const admin = new Redis({ port, password: PASSWORD });
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.quit();
    const healthy = await doctorJson({ REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}` });
    expect(check(healthy, 'Redis')).toMatchObject({ status: 'ok', message: expect.stringMatching(new RegExp(`^redis://127\\.0\\.0\\.1:${port} answers PING \\(Redis \\d`)) });
    expect(healthy.code).toBe(0);
  }, 90_000);
});
