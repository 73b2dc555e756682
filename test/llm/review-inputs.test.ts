import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createLlmActions } from '../../src/actions/llm/index.js';
import { fingerprintFindings } from '../../src/analysis/fingerprint.js';
import type { AnyAction } from '../../src/engine/action.js';
import type { LlmBridge } from '../../src/llm/bridge.js';
import { REVIEW_SYSTEM, reviewAnswerSchema } from '../../src/llm/prompts/review.js';
import { toOutputJsonSchema } from '../../src/llm/structured.js';
import { tokenCounter } from '../../src/llm/tokens.js';
import { OPENAI, openAiCompletion, testBridge, testContext, testTools, useStrictNock } from './helpers.js';

useStrictNock();

const AWS_KEY = 'AKIA' + 'Q3EGRT7KXP2MWZ5N';

/** A new file of `lines` added lines: two of them are too many for one 2,000-token call. */
function newFile(path: string, lines: number): string[] {
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines} @@`,
    ...Array.from({ length: lines }, (_, i) => `+export const setting${i} = readSetting('${path}', ${i}, { retries: ${i % 7}, fallback: 'value-${i}' });`),
  ];
}
const DIFF = `${[...newFile('src/a.ts', 20), ...newFile('src/b.ts', 20)].join('\n')}\n`;
const finding = (file: string, confidence: string, message: string) => ({
  file, line: 3, endLine: null, severity: 'warning', category: 'correctness', confidence, message, suggestion: null, suggestedCode: `export const setting2 = 2;`,
});

function action(bridge: LlmBridge, name: string): AnyAction {
  return createLlmActions({ llm: bridge }).find((candidate) => candidate.name === name)!;
}

async function run(bridge: LlmBridge, name: string, input: Record<string, unknown>) {
  const chosen = action(bridge, name);
  const parsed = chosen.input.parse({ repo: 'octo/repo', ...input });
  return chosen.output.parse(await chosen.run(testContext(), parsed, testTools())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type ChatBody = { messages: { role: string; content: string }[] };
const userPrompt = (body: ChatBody) => body.messages.find((m) => m.role === 'user')!.content;
const ANSWERS = {
  'src/a.ts': finding('src/a.ts', 'low', 'setting2 reads the wrong key when the path has a dot.'),
  'src/b.ts': finding('src/b.ts', 'high', 'setting2 retries forever when readSetting throws.'),
};

/** Answers one review call per file given, each with a finding on its file; returns the prompts sent. */
function fakeReviewer(...files: (keyof typeof ANSWERS)[]): string[] {
  const prompts: string[] = [];
  for (const file of files) {
    const holds = (body: ChatBody) => userPrompt(body).includes(`## ${file} `) && prompts.push(userPrompt(body)) > 0;
    nock(OPENAI).post('/v1/chat/completions', holds).reply(200, openAiCompletion(JSON.stringify({ findings: [ANSWERS[file]] })));
  }
  return prompts;
}

const budget = { maxTokensPerCall: 2_000 };
const count = tokenCounter('openai', 'gpt-4.1-mini');
const schemaTokens = Math.ceil(JSON.stringify(toOutputJsonSchema(reviewAnswerSchema)).length / 3);
const thread = { file: 'src/b.ts', line: 3, finding: 'setting2 retries forever.', replies: [{ author: 'octocat', body: 'Intended: readSetting never throws.' }] };

describe('llm.review with the PR context', () => {
  it('keeps the confidence, shows threads only to the call holding their file, and tells every call the PR and guidelines', async () => {
    const { bridge } = testBridge();
    const prompts = fakeReviewer('src/a.ts', 'src/b.ts');
    const output = await run(bridge, 'llm.review', {
      diff: DIFF, budget, title: 'Read settings lazily', description: `Moves settings reads. Staging key ${AWS_KEY}.`,
      instructions: 'Settings are validated at startup; do not flag missing validation.', learned: ['Never suggest lodash.'], threads: [thread],
    });

    expect(prompts).toHaveLength(2);
    for (const prompt of prompts) {
      // The context is counted in the packing overhead: every call stays within its token budget.
      expect(count(REVIEW_SYSTEM) + count(prompt) + schemaTokens).toBeLessThanOrEqual(budget.maxTokensPerCall);
      expect(prompt).toContain('Title: Read settings lazily');
      expect(prompt).toContain('Settings are validated at startup');
      expect(prompt).toContain('- Never suggest lodash.');
      expect(prompt).not.toContain(AWS_KEY);
    }
    const [withB, withA] = [prompts.find((p) => p.includes('## src/b.ts'))!, prompts.find((p) => p.includes('## src/a.ts'))!];
    expect(withB).toContain('<threads>\nsrc/b.ts line 3 — earlier comment: setting2 retries forever.\n  reply by octocat: Intended: readSetting never throws.\n</threads>');
    expect(withA).not.toContain('<threads>');

    const findings = output.findings as { file: string; confidence: string; suggestedCode: string }[];
    expect(findings.map((f) => [f.file, f.confidence, f.suggestedCode])).toEqual(
      expect.arrayContaining([['src/a.ts', 'low', 'export const setting2 = 2;'], ['src/b.ts', 'high', 'export const setting2 = 2;']]),
    );
    expect(output.stats).toMatchObject({ calls: 2, reviewedFiles: 2 });
  });

  it('counts the context in every call\'s budget, so a long description and guidelines never push a call over it', async () => {
    const { bridge } = testBridge();
    const prompts: string[] = [];
    nock(OPENAI)
      .post('/v1/chat/completions', (body: ChatBody) => prompts.push(userPrompt(body)) > 0)
      .reply(200, openAiCompletion(JSON.stringify({ findings: [] })))
      .persist();
    const long = (word: string) => Array.from({ length: 400 }, (_, i) => `${word}${i}`).join(' ');
    const output = await run(bridge, 'llm.review', { diff: `${newFile('src/c.ts', 80).join('\n')}\n`, budget: { maxTokensPerCall: 2_500 }, description: long('reason'), instructions: long('rule') });
    nock.cleanAll();
    expect(output.stats.calls).toBeGreaterThan(1);
    expect(prompts).toHaveLength(output.stats.calls);
    for (const prompt of prompts) expect(count(REVIEW_SYSTEM) + count(prompt) + schemaTokens).toBeLessThanOrEqual(2_500);
  });

  it('removes the findings whose fingerprint the repository rejected, and says how many', async () => {
    const { bridge } = testBridge();
    fakeReviewer('src/a.ts', 'src/b.ts');
    const first = await run(bridge, 'llm.review', { diff: DIFF, budget });
    expect(first.findings).toHaveLength(2);
    const [, rejected] = fingerprintFindings(first.findings);
    // The same review again (from the hunk cache), with one finding rejected since.
    const again = await run(bridge, 'llm.review', { diff: DIFF, budget, suppress: [rejected, 'ffffffffffffffff'] });
    expect(again.findings).toEqual([first.findings[0]]);
    // Served from the hunk cache, the confidence survived.
    expect(again.findings[0]).toMatchObject({ file: 'src/a.ts', confidence: 'low' });
    expect(again.notes).toContain('1 finding(s) this repository rejected before were suppressed.');
    // Without a provider the analyzer's findings are suppressed the same way.
    const offline = { rule: 'todo', severity: 'info', message: 'TODO comment added: TODO: x', file: 'src/a.ts', line: 1 };
    const { bridge: none } = testBridge({ providers: {}, model: undefined });
    const alone = await run(none, 'llm.review', { diff: DIFF, findings: [offline], suppress: fingerprintFindings([offline]) });
    expect(alone.findings).toEqual([]);
  });

  it('reuses cached hunks only for the same context: new guidelines or a new reply on a file mean a fresh review of it', async () => {
    const { bridge } = testBridge();
    const base = { diff: DIFF, budget, title: 'Read settings lazily', instructions: 'Focus on error handling.' };
    fakeReviewer('src/a.ts', 'src/b.ts');
    await run(bridge, 'llm.review', base);
    expect((await run(bridge, 'llm.review', base)).stats).toMatchObject({ calls: 0, cachedUnits: 2 });

    fakeReviewer('src/a.ts', 'src/b.ts');
    expect((await run(bridge, 'llm.review', { ...base, instructions: 'Focus on performance.' })).stats).toMatchObject({ calls: 2, cachedUnits: 0 });
    // Only src/b.ts has a new reply: only its call is made again (no mock for src/a.ts is left).
    const prompts = fakeReviewer('src/b.ts');
    const replied = await run(bridge, 'llm.review', { ...base, threads: [thread] });
    expect(replied.stats).toMatchObject({ calls: 1, cachedUnits: 1 });
    expect(prompts).toEqual([expect.stringContaining('Intended: readSetting never throws.')]);
  });
});

describe('llm.describe and llm.ask with repository instructions', () => {
  it('put the instructions and learned lines in the prompt, and no secret of the PR body', async () => {
    const { bridge } = testBridge();
    const prompts: string[] = [];
    const take = (body: { messages: { role: string; content: string }[] }) => prompts.push(body.messages.find((m) => m.role === 'user')!.content) > 0;
    nock(OPENAI)
      .post('/v1/chat/completions', take)
      .reply(200, openAiCompletion(JSON.stringify({ title: 'Read settings lazily', summary: 'Reads settings on use.', changeType: 'refactor', walkthrough: [] })))
      .post('/v1/chat/completions', take)
      .reply(200, openAiCompletion(JSON.stringify({ answer: 'On first use.', references: [] })));
    const common = { diff: DIFF, title: 'Read settings lazily', body: `Key ${AWS_KEY} for staging.`, instructions: 'Write for operators.', learned: ['Mention the ticket.'] };

    await run(bridge, 'llm.describe', common);
    await run(bridge, 'llm.ask', { ...common, question: 'When are settings read?' });

    expect(prompts).toHaveLength(2);
    for (const prompt of prompts) {
      expect(prompt).toContain('<guidelines>\nWrite for operators.\n\nLearned from earlier reviews:\n- Mention the ticket.\n</guidelines>');
      expect(prompt).toContain('Title: Read settings lazily');
      expect(prompt).not.toContain(AWS_KEY);
    }
  });
});
