import { connect } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { llmConfigSchema } from '../../src/llm/config.js';
import { createLlmBridge } from '../../src/llm/create-bridge.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { OPENAI, OPENAI_KEY, openAiCompletion, testFetch, testScope, testTools, useStrictNock } from './helpers.js';
import { redisTestPrefix } from './redis-keys.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

/** Whether Redis answers; in CI a missing Redis is a failure, not a reason to skip. */
async function redisUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(REDIS, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const available = await redisUp();
const ci = process.env.CI === 'true';

useStrictNock();

describe.skipIf(!available && !ci)('response cache on Redis', () => {
  it('shares answers between bridges (workers) through Redis', async () => {
    expect(available, `Redis is not reachable at ${REDIS.host}:${REDIS.port}`).toBe(true);
    nock.enableNetConnect('127.0.0.1:6379');
    const spendKeys = redisTestPrefix('llm-cache-spend');
    const make = () =>
      createLlmBridge(
        llmConfigSchema.parse({
          providers: { openai: { apiKey: OPENAI_KEY } },
          model: 'openai:gpt-4.1-mini',
          cache: { backend: 'redis', url: `redis://${REDIS.host}:${REDIS.port}` },
        }),
        // The spend ledger goes to the cache's Redis too: under a prefix of this test's own.
        { stateDb: '/nonexistent/state.db', fetch: testFetch, clock: new FakeClock(true), redisKeyPrefix: spendKeys.prefix },
      );
    const request = {
      promptVersion: `redis-test-${Date.now()}-${Math.random()}`,
      system: 's',
      user: 'u',
      schema: z.object({ ok: z.boolean() }),
      name: 'answer',
      description: 'd',
    };
    nock(OPENAI).post('/v1/chat/completions').reply(200, openAiCompletion('{"ok":true}'));
    const one = make();
    const two = make();
    try {
      expect((await one.session(testScope(testTools())).structured(request)).cached).toBe(false);
      expect(await two.session(testScope(testTools())).structured(request)).toMatchObject({ cached: true, value: { ok: true } });
    } finally {
      await one.close();
      await two.close();
      await spendKeys.cleanup(`redis://${REDIS.host}:${REDIS.port}`);
    }
  });
});
