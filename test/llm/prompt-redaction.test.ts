import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { llmConfigSchema } from '../../src/llm/config.js';
import { createLlmBridge } from '../../src/llm/create-bridge.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { OPENAI, OPENAI_KEY, bodies, openAiCompletion, testFetch, testScope, testTools, useStrictNock } from './helpers.js';

useStrictNock();

// A configured secret no token pattern knows, and a token format the redactor recognises on sight.
// Built by concatenation so this file itself does not trip secret scanners.
const CONFIGURED = 'correct-horse-' + 'battery-staple';
const GITHUB_TOKEN = 'ghp_' + 'R8kq2XbT9vLm4Wn7Yc1Pd6Hs3Jf5Ga0ZeQuV';

describe('LLM bridge prompt redaction', () => {
  it('sends the provider no configured secret, API key or known token format, in the system or the user prompt', async () => {
    const config = llmConfigSchema.parse({ providers: { openai: { apiKey: OPENAI_KEY } }, model: 'openai:gpt-4.1-mini', cache: { backend: 'memory' } });
    const bridge = createLlmBridge(config, {
      stateDb: '/nonexistent/state.db',
      secrets: { JIRA_TOKEN: CONFIGURED },
      fetch: testFetch,
      clock: new FakeClock(true),
      random: () => 0.5,
    });
    const sent = bodies();
    nock(OPENAI).post('/v1/chat/completions', sent.take).reply(200, openAiCompletion('{"verdict":"ok"}'));
    const tools = testTools();

    await bridge.session(testScope(tools)).structured({
      promptVersion: 'test-v1',
      system: `You review code. Never repeat ${CONFIGURED}.`,
      user: `export const token = "${GITHUB_TOKEN}";\nconst key = "${OPENAI_KEY}";`,
      schema: z.object({ verdict: z.string() }),
      name: 'judge',
      description: 'The verdict.',
    });

    expect(sent.list).toHaveLength(1);
    const body = JSON.stringify(sent.list[0]);
    for (const secret of [CONFIGURED, GITHUB_TOKEN, OPENAI_KEY]) expect(body).not.toContain(secret);
    expect(body).toContain('Never repeat [REDACTED].');
    expect(tools.logs).toContainEqual({ level: 'info', message: 'masked 3 secret(s) before calling the model' });
    await bridge.close();
  });
});
