import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUDGET_EXCEEDED, type LlmBridge } from '../../src/llm/bridge.js';
import { llmConfigSchema } from '../../src/llm/config.js';
import { createLlmBridge } from '../../src/llm/create-bridge.js';
import { requireRedis } from '../helpers/services.js';
import { OPENAI, OPENAI_KEY, openAiCompletion, testFetch, testScope, testTools, useStrictNock } from './helpers.js';
import { redisTestPrefix } from './redis-keys.js';

const url = await requireRedis();
const keys = redisTestPrefix('llm-budget');

useStrictNock();

/** A worker process's bridge: $0.05 per run, and a call of 1000 output tokens at $30/M costs at most $0.03. */
function workerBridge(): LlmBridge {
  const config = llmConfigSchema.parse({
    providers: { openai: { apiKey: OPENAI_KEY } },
    model: 'openai:gpt-4.1-mini',
    prices: { 'openai:gpt-4.1-mini': { input: 0, output: 30 } },
    budget: { perRunUsd: 0.05 },
    retry: { maxRetries: 0 },
    cache: { backend: 'memory' },
  });
  return createLlmBridge(config, { stateDb: '/nonexistent/state.db', fetch: testFetch, redisUrl: url!, redisKeyPrefix: keys.prefix });
}

const request = {
  promptVersion: 'shared-budget-v1',
  system: 'system',
  user: 'question',
  schema: z.object({ ok: z.boolean() }),
  name: 'answer',
  description: 'the answer',
  maxOutputTokens: 1000,
};

describe.skipIf(!url)('LLM budgets shared by workers on Redis', () => {
  afterAll(() => keys.cleanup(url!));

  it('admits only one of two calls made at once by two workers when the run budget has room for one', async () => {
    const workers = [workerBridge(), workerBridge()];
    try {
      // The admitted call stays in flight (its reservation held) until the other has been decided.
      let decided!: () => void;
      const otherDecided = new Promise<void>((resolve) => (decided = resolve));
      const safety = setTimeout(() => decided(), 3000);
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply((_uri, _body, reply) => {
          void otherDecided.then(() => reply(null, [200, openAiCompletion('{"ok":true}', { prompt_tokens: 20, completion_tokens: 10 })]));
        });
      const calls = workers.map((bridge) => bridge.session(testScope(testTools(), { runId: 'run_shared' })).structured(request));
      for (const call of calls) call.catch(() => decided());
      const outcomes = await Promise.allSettled(calls);
      clearTimeout(safety);

      const admitted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error & { code?: string }] : []));
      expect(admitted).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ code: BUDGET_EXCEEDED });
      expect(refused[0]!.message).toMatch(
        /^LLM budget exceeded for run run_shared: the next call \(openai:gpt-4\.1-mini, ~\d+ prompt tokens\) could cost up to \$0\.03 and the run has spent \$0\.03 of its \$0\.05 limit\./,
      );
      // Once the admitted call is over, its reservation is gone and only its real cost counts, in both workers.
      for (const bridge of workers) {
        expect(await bridge.ledger.runSpent('run_shared')).toBe(10 * 30 / 1e6);
        expect(await bridge.ledger.runCommitted('run_shared')).toBe(10 * 30 / 1e6);
      }
    } finally {
      await Promise.all(workers.map((bridge) => bridge.close()));
    }
  });

  it('closes its Redis connection on close', async () => {
    const bridge = workerBridge();
    expect(await bridge.ledger.runSpent('run_closed')).toBe(0);
    await bridge.close();
    await expect(bridge.ledger.runSpent('run_closed')).rejects.toMatchObject({ code: 'llm_ledger_unavailable' });
  });
});
