import { z } from 'zod';
import { defineAction } from '../../engine/action.js';
import type { LlmBridge } from '../../llm/bridge.js';
import { CI_FAILURE_PROMPT_VERSION, CI_FAILURE_SYSTEM, ciFailureAnswerSchema, ciFailureUserPrompt } from '../../llm/prompts/ci-failure.js';
import { logTail } from '../../llm/prompts/delimit.js';
import { renderCiFailure } from '../../llm/render/ci-failure-markdown.js';
import { findFailures, MAX_TESTS as MAX_LISTED, type LogFindings } from '../../llm/render/log-findings.js';
import { sanitizeModelText } from '../../llm/sanitize.js';
import { EMPTY_USAGE, NO_PROVIDER, callScope, finishUsage, llmCommonInput, llmStatusOutput, usageOutput } from './common.js';

/** Colour and cursor escape sequences of CI logs. */
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** How much of the end of the log the offline reading scans (it is linear, but a log can be any size). */
const FINDINGS_CHARS = 1_000_000;

export const llmCiFailureInput = z.object({
  /** The build log (or its end); only the tail is sent. */
  log: z.string(),
  job: z.string().optional(),
  status: z.string().optional(),
  url: z.string().optional(),
  /** Commits in the failed build, newest first. */
  commits: z.array(z.object({ sha: z.string().min(7), message: z.string(), files: z.array(z.string()).optional() })).default([]),
  maxLogLines: z.int().min(20).max(5000).default(400),
  maxLogChars: z.int().min(2000).max(200_000).default(40_000),
  ...llmCommonInput,
});

export const llmCiFailureOutput = z.object({
  rootCause: z.string(),
  category: z.string(),
  confidence: z.string(),
  suspectFiles: z.array(z.object({ path: z.string(), reason: z.string() })),
  suspectCommits: z.array(z.object({ sha: z.string(), reason: z.string() })),
  suggestedFix: z.string(),
  /** Failing tests and error lines read from the log without a model (both with and without a provider). */
  failingTests: z.array(z.string()),
  errorLines: z.array(z.string()),
  markdown: z.string(),
  llm: llmStatusOutput,
  usage: usageOutput,
});

export function llmCiFailureAction(llm: LlmBridge) {
  return defineAction({
    name: 'llm.ci-failure',
    description: 'Root cause, suspect files and commits, and a suggested fix for a failed build, from a bounded log tail.',
    input: llmCiFailureInput,
    output: llmCiFailureOutput,
    async run(ctx, input, tools) {
      const log = input.log.replace(ANSI, '');
      const tail = logTail(log, input.maxLogLines, input.maxLogChars);
      const findings = findFailures(log.slice(-FINDINGS_CHARS));
      const found = { failingTests: findings.failingTests, errorLines: findings.errorLines };
      const job = { ...(input.job ? { name: input.job } : {}), ...(input.status ? { status: input.status } : {}), ...(input.url ? { url: input.url } : {}) };
      if (!llm.available) {
        const value = offlineDiagnosis(findings);
        return { ...value, ...found, markdown: renderCiFailure({ ...value, ...found }, job, tail), llm: { used: false, reason: NO_PROVIDER }, usage: EMPTY_USAGE };
      }
      const session = llm.session(callScope(ctx, tools, 'ci-failure', input));
      const result = await session.structured({
        promptVersion: CI_FAILURE_PROMPT_VERSION,
        system: CI_FAILURE_SYSTEM,
        user: ciFailureUserPrompt(job, tail, input.commits),
        schema: ciFailureAnswerSchema,
        name: 'diagnose_build_failure',
        description: 'Root cause and fix of the failed build.',
      });
      const known = input.commits.map((commit) => commit.sha);
      const value = {
        rootCause: sanitizeModelText(result.value.rootCause, { maxLength: 2000 }),
        category: result.value.category,
        confidence: result.value.confidence,
        suspectFiles: result.value.suspectFiles.slice(0, 10).map((f) => ({ path: f.path.slice(0, 300), reason: sanitizeModelText(f.reason, { maxLength: 300 }) })),
        suspectCommits: result.value.suspectCommits
          .map((c) => ({ sha: known.find((sha) => c.sha.length >= 7 && sha.startsWith(c.sha)) ?? '', reason: sanitizeModelText(c.reason, { maxLength: 300 }) }))
          .filter((c) => c.sha),
        suggestedFix: sanitizeModelText(result.value.suggestedFix, { maxLength: 3000 }),
      };
      return { ...value, ...found, markdown: renderCiFailure(value, job, undefined, result.model), llm: { used: true, model: result.model }, usage: finishUsage(session, tools) };
    },
  });
}

/** Without a model: what the log itself says failed, stated as such (low confidence, no invented fix). */
function offlineDiagnosis(findings: LogFindings) {
  const { failingTests: tests, errorLines: errors } = findings;
  const firstError = errors[0] ? `first error line: \`${errors[0].replace(/`/g, "'")}\`` : '';
  const listed = tests.length ? `${tests.length}${tests.length === MAX_LISTED ? '+' : ''} failing test${tests.length === 1 ? '' : 's'} in the log` : '';
  const summary = [listed, firstError].filter(Boolean).join('; ') || 'no failing test or error line recognized in the log';
  return {
    rootCause: `${summary}. ${NO_PROVIDER}, so this is read from the log, not diagnosed.`,
    category: findings.category,
    confidence: 'low',
    suspectFiles: findings.testFiles.map((path) => ({ path, reason: 'has failing tests' })),
    suspectCommits: [],
    suggestedFix: '',
  };
}
