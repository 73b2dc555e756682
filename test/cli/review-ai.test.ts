import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { openAiCompletion, openAiError } from '../llm/helpers.js';
import { cleanDiff, fakeOpenAi, llmConfigFile, plantedDiff, refusedBaseURL } from './review-helpers.js';

let dir: string;
let planted: string;
let clean: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-review-ai-'));
  planted = join(dir, 'planted.diff');
  clean = join(dir, 'clean.diff');
  writeFileSync(planted, plantedDiff());
  writeFileSync(clean, cleanDiff());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openAiEnv = (baseURL: string) => ({ OPENAI_API_KEY: 'sk-test-openai-key-0123456789', OPENAI_BASE_URL: baseURL, AGENTIC_SDLC_MODEL: 'openai:gpt-4.1-mini' });

interface ReviewJson {
  findings: { rule: string; severity: string; file: string; line: number | null }[];
  summary: { errors: number; warnings: number; infos: number };
  usage: { calls: number; tokens: { prompt: number; completion: number; total: number }; costUsd: number; models: string[] };
  ai: { used: boolean; error?: { provider?: string; baseURL?: string; status?: number } };
}

describe('agentic-sdlc review with an AI review', () => {
  it('--json counts the summary from the merged findings (offline + AI) and reports tokens and cost', async () => {
    const answer = {
      findings: [
        { file: 'src/planted.ts', line: 1, endLine: null, severity: 'error', category: 'correctness', message: 'The region is hardcoded.', suggestion: null, suggestedCode: null },
      ],
    };
    const provider = await fakeOpenAi(200, openAiCompletion(JSON.stringify(answer), { prompt_tokens: 1200, completion_tokens: 80 }));
    try {
      const { code, stdout } = await cli(['--db', join(dir, 'state.db'), '--config', llmConfigFile(dir), 'review', '--diff', planted, '--json'], { env: openAiEnv(provider.baseURL) });
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as ReviewJson;
      const errors = result.findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.rule).sort()).toEqual(['llm-review', 'merge-conflict', 'secret']);
      expect(result.summary).toMatchObject({ errors: 3, warnings: result.findings.filter((f) => f.severity === 'warning').length });
      expect(result.usage).toMatchObject({ calls: 1, tokens: { prompt: 1200, completion: 80, total: 1280 }, models: ['openai:gpt-4.1-mini'] });
      expect(result.usage.costUsd).toBeGreaterThan(0);
      expect(result.ai).toMatchObject({ used: true });
    } finally {
      await provider.close();
    }
  });

  it('keeps and gates on the offline findings when the provider is unreachable, and states the failure in the report and on stderr', async () => {
    const baseURL = await refusedBaseURL();
    const { code, stdout, stderr } = await cli(['--db', join(dir, 'state.db'), '--config', llmConfigFile(dir), 'review', '--diff', planted, '--fail-on', 'error'], { env: openAiEnv(baseURL) });
    expect(code).toBe(1);
    const failure = `AI review failed (openai at ${baseURL}): openai:gpt-4.1-mini failed (connection error)`;
    expect(stdout).toContain(failure);
    expect(stdout).toContain('The findings below come from the offline analyzer alone.');
    expect(stdout).toMatch(/Errors \(2\)/);
    expect(stdout).toContain('merge-conflict');
    expect(stderr).toContain(`agentic-sdlc: ${failure}`);
    expect(stderr).toContain('--fail-on-ai-error makes this exit 1');
    expect(stderr).toContain(`✗ AI review`);
  });

  it('exits 0 on a provider failure by default, and 1 with --fail-on-ai-error, naming the HTTP status after the retries', async () => {
    const overloaded = openAiError(3);
    const provider = await fakeOpenAi(overloaded.status, overloaded.body);
    try {
      // --fail-on error: the clean diff has no error finding, so only the AI failure can make it exit 1.
      const args = ['--db', join(dir, 'state.db'), '--config', llmConfigFile(dir, 1), 'review', '--diff', clean, '--json', '--fail-on', 'error'];
      const lenient = await cli(args, { env: openAiEnv(provider.baseURL) });
      expect(lenient.code).toBe(0);
      const result = JSON.parse(lenient.stdout) as ReviewJson;
      expect(result.summary.errors).toBe(0);
      expect(result.ai).toMatchObject({ used: false, error: { provider: 'openai', baseURL: provider.baseURL, status: 503 } });

      const strict = await cli([...args, '--fail-on-ai-error'], { env: openAiEnv(provider.baseURL) });
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain(`agentic-sdlc: AI review failed (openai at ${provider.baseURL}): openai:gpt-4.1-mini failed (HTTP 503`);
      expect(strict.stderr).toContain('(gave up after 2 attempts); exit code 1 (--fail-on-ai-error)');
      expect(provider.requests).toBe(4);
    } finally {
      await provider.close();
    }
  });

  it('shows the AI step as skipped, with the reason, when no provider is configured', async () => {
    const { code, stderr } = await cli(['--db', join(dir, 'state.db'), 'review', '--diff', clean], { env: { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', OLLAMA_BASE_URL: '' } });
    expect(code).toBe(0);
    expect(stderr).toContain('- AI review (skipped: No LLM provider is configured (set ANTHROPIC_API_KEY, OPENAI_API_KEY or OLLAMA_BASE_URL');
    expect(stderr).not.toContain('✓ AI review');
  });
});
