import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createLlmActions } from '../../src/actions/llm/index.js';
import { analyzeDiff } from '../../src/analysis/analyze.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import type { AnyAction } from '../../src/engine/action.js';
import type { LlmBridge } from '../../src/llm/bridge.js';
import { OPENAI, openAiCompletion, testBridge, testContext, testTools, useStrictNock } from './helpers.js';

useStrictNock();

// Planted secrets, in formats the offline analyzer and the redactor know. Built by concatenation so this
// file itself does not trip secret scanners.
const GITHUB_TOKEN = 'ghp_' + 'R8kq2XbT9vLm4Wn7Yc1Pd6Hs3Jf5Ga0ZeQuV';
const AWS_KEY = 'AKIA' + 'Q3EGRT7KXP2MWZ5N';
const OPENAI_KEY_IN_CODE = 'sk-proj-' + 'Zx81kLmQ2pR7sT4vW9yB3nC6dF0gH5jK';
const PASSWORD = 'Tr0ub4dor&3-' + 'horse9Battery';
const KEY_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u';

const util = (value: string) => [
  'diff --git a/src/util.ts b/src/util.ts',
  'index 1111111..2222222 100644',
  '--- a/src/util.ts',
  '+++ b/src/util.ts',
  '@@ -10,4 +10,6 @@ export function parse(input: string) {',
  '   const parts = input.split(",");',
  '-  return parts[0];',
  `+  const first = parts[${value}];`,
  '+  if (first === undefined) throw new Error("empty");',
  '+  return first.trim();',
  ' }',
  ' ',
];
const auth = [
  'diff --git a/src/auth.ts b/src/auth.ts',
  'index 3333333..4444444 100644',
  '--- a/src/auth.ts',
  '+++ b/src/auth.ts',
  '@@ -1,3 +1,9 @@',
  ' import { request } from "./http";',
  `+const token = "${GITHUB_TOKEN}";`,
  `+const awsAccessKeyId = "${AWS_KEY}";`,
  `+const openai = "${OPENAI_KEY_IN_CODE}";`,
  `+const dbPassword = "${PASSWORD}";`,
  '+const pem = "-----BEGIN RSA PRIVATE KEY-----\\n' + KEY_BODY + '\\n-----END RSA PRIVATE KEY-----";',
  '+export const login = () => request("/login", { token });',
  ' ',
  ' export default login;',
];
const diffOf = (...files: string[][]) => `${files.flat().join('\n')}\n`;

function reviewAction(bridge: LlmBridge): AnyAction {
  return createLlmActions({ llm: bridge }).find((action) => action.name === 'llm.review')!;
}

async function review(bridge: LlmBridge, diff: string, runId: string) {
  const action = reviewAction(bridge);
  const offline = analyzeDiff(parseDiff(diff)).findings;
  const tools = testTools();
  const input = action.input.parse({ diff, findings: offline, repo: 'octo/repo' });
  const output = action.output.parse(await action.run(testContext({ runId }), input, tools)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { output, tools, offline };
}

const modelAnswer = {
  findings: [
    {
      file: 'src/util.ts', line: 11, endLine: 13, severity: 'warning', category: 'correctness', confidence: 'high',
      message: 'Index from user input @octocat <img src=x onerror=alert(1)> can be out of range; cc @org/security-team',
      suggestion: 'Validate the index first.', suggestedCode: '  const first = parts.at(0);',
    },
    { file: 'src/util.ts', line: 40, endLine: null, severity: 'info', category: 'maintainability', confidence: 'low', message: 'parse() has no tests.', suggestion: null, suggestedCode: null },
    { file: 'src/other.ts', line: 3, endLine: null, severity: 'error', category: 'correctness', message: 'Invented file.', suggestion: null, suggestedCode: null },
    { file: 'src/auth.ts', line: 2, endLine: null, severity: 'error', category: 'security', message: 'A GitHub token is hardcoded.', suggestion: 'Load it from the environment.', suggestedCode: null },
  ],
};

describe('llm.review', () => {
  it('sends no planted secret to the model, validates lines, sanitizes, and merges with the offline findings', async () => {
    const { bridge } = testBridge();
    const diff = diffOf(util('0'), auth);
    const sent: string[] = [];
    nock(OPENAI)
      .post('/v1/chat/completions', (body: Record<string, unknown>) => sent.push(JSON.stringify(body)) > 0)
      .reply(200, openAiCompletion(JSON.stringify(modelAnswer), { prompt_tokens: 1500, completion_tokens: 300 }));

    const { output, tools, offline } = await review(bridge, diff, 'run_1');

    expect(sent).toHaveLength(1);
    for (const secret of [GITHUB_TOKEN, AWS_KEY, OPENAI_KEY_IN_CODE, PASSWORD, KEY_BODY]) expect(sent[0]).not.toContain(secret);
    expect(sent[0]).toContain('[REDACTED]');
    // The model reads new-side line numbers.
    expect(sent[0]).toContain('\\n11 +  const first = parts[0];');

    const llmFindings = (output.findings as { rule: string }[]).filter((f) => f.rule === 'llm-review');
    expect(llmFindings).toEqual([
      {
        rule: 'llm-review', severity: 'warning', category: 'correctness', confidence: 'high', file: 'src/util.ts', line: 11, endLine: 13,
        message: 'Index from user input @\u200doctocat <img src=x onerror=alert(1)> can be out of range; cc @\u200dorg/security-team',
        suggestion: 'Validate the index first.', suggestedCode: '  const first = parts.at(0);',
      },
      { rule: 'llm-review', severity: 'info', category: 'maintainability', confidence: 'low', file: 'src/util.ts', message: '(line 40, outside the diff) parse() has no tests.' },
    ]);
    // The model's token finding repeats the analyzer's: one finding, the analyzer's, with the model's advice if it had none.
    const onTokenLine = (output.findings as { file: string; line?: number; rule: string }[]).filter((f) => f.file === 'src/auth.ts' && f.line === 2);
    expect(onTokenLine).toHaveLength(1);
    expect(onTokenLine[0]!.rule).toBe('secret');
    expect(output.findings).toHaveLength(offline.length + 2);
    expect(output.stats).toMatchObject({ reviewableFiles: 2, reviewedFiles: 2, calls: 1, cachedUnits: 0, movedToSummary: 1, dropped: 0 });
    expect(output.usage).toMatchObject({ calls: 1, inputTokens: 1500, outputTokens: 300, models: ['openai:gpt-4.1-mini'] });
    expect(output.notes[0]).toBe('AI review by openai:gpt-4.1-mini: 2 of 2 reviewable files in 1 call; 1,500 prompt + 300 completion tokens, $0.0011.');
    expect(tools.events.some((e) => e.name === 'llm.usage')).toBe(true);
  });

  it('makes no call when the same diff is reviewed again, and re-reviews only the changed file after a push', async () => {
    const { bridge } = testBridge();
    const answer = JSON.stringify({ findings: [modelAnswer.findings[0]] });
    const sent: string[] = [];
    const capture = (body: Record<string, unknown>) => sent.push(JSON.stringify(body)) > 0;
    nock(OPENAI).post('/v1/chat/completions', capture).reply(200, openAiCompletion(answer));
    const first = await review(bridge, diffOf(util('0'), auth), 'run_1');

    const again = await review(bridge, diffOf(util('0'), auth), 'run_2');
    expect(again.output.findings).toEqual(first.output.findings);
    expect(again.output.stats).toMatchObject({ calls: 0, cachedUnits: 2, units: 2, reviewedFiles: 2 });
    expect(again.output.usage).toMatchObject({ calls: 0, cachedCalls: 1, costUsd: 0 });

    nock(OPENAI).post('/v1/chat/completions', capture).reply(200, openAiCompletion(JSON.stringify({ findings: [] })));
    const pushed = await review(bridge, diffOf(util('1'), auth), 'run_3');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('## src/util.ts');
    expect(sent[1]).not.toContain('src/auth.ts');
    expect(pushed.output.stats).toMatchObject({ calls: 1, cachedUnits: 1, units: 2, reviewedFiles: 2 });
  });

  it('uses the offline analyzer alone, and says so, when no provider is configured', async () => {
    const { bridge } = testBridge({ providers: {}, model: undefined });
    const diff = diffOf(util('0'), auth);
    const { output, offline } = await review(bridge, diff, 'run_1');
    expect(output.findings).toEqual(offline);
    expect(output.llm).toEqual({ used: false, reason: expect.stringContaining('No LLM provider is configured') });
    expect(output.notes).toEqual([expect.stringContaining('this review comes from the offline analyzer alone')]);
  });
});
