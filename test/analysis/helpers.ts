import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionContext, ActionTools } from '../../src/engine/action.js';
import { analyzeDiff } from '../../src/analysis/analyze.js';
import type { AnalyzerConfig } from '../../src/analysis/config.js';
import type { Finding } from '../../src/analysis/finding.js';
import { parseDiff } from '../../src/diff/parse-diff.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Real `git diff` output of two public projects, copied into the repository (see each folder's SOURCE.txt). */
export const probotDir = path.join(repoRoot, 'test/fixtures/diffs/probot');
export const octokitDir = path.join(repoRoot, 'test/fixtures/diffs/octokit-webhooks.js');
export const plantedDir = path.join(repoRoot, 'test/fixtures/diffs/planted');

/** Deterministic characters from a seed (a 32-bit LCG): realistic-looking but synthetic credentials. */
function synthetic(seed: number, length: number, alphabet: string): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

export const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64 = `${ALNUM}+/`;
export const DIGITS = '0123456789';

/**
 * Values for the `%NAME%` placeholders of the planted fixtures. Vendor prefixes are split so that this file
 * holds no credential-shaped literal either.
 */
export const SECRETS = {
  AWS_ACCESS_KEY_ID: ['AK', 'IA', synthetic(1, 16, UPPER_DIGITS)].join(''),
  GITHUB_TOKEN: ['gh', 'p_', synthetic(2, 36, ALNUM)].join(''),
  GITHUB_TOKEN_IN_TEST: ['gh', 'p_', synthetic(3, 36, ALNUM)].join(''),
  OPENAI_KEY: ['sk', '-proj-', synthetic(4, 48, ALNUM)].join(''),
  ANTHROPIC_KEY: ['sk', '-ant-api03-', synthetic(5, 93, `${ALNUM}_-`), 'AA'].join(''),
  SLACK_BOT_TOKEN: ['xo', 'xb-', synthetic(6, 12, DIGITS), '-', synthetic(7, 13, DIGITS), '-', synthetic(8, 24, ALNUM)].join(''),
  SLACK_WEBHOOK_URL: ['https://hooks.', 'slack.com/services/T', synthetic(9, 8, UPPER_DIGITS), '/B', synthetic(10, 10, UPPER_DIGITS), '/', synthetic(11, 24, ALNUM)].join(''),
  PRIVATE_KEY_BEGIN: ['-----BEGIN RSA ', 'PRIVATE KEY-----'].join(''),
  PRIVATE_KEY_BODY_1: synthetic(12, 64, BASE64),
  PRIVATE_KEY_BODY_2: synthetic(13, 64, BASE64),
  PRIVATE_KEY_END: ['-----END RSA ', 'PRIVATE KEY-----'].join(''),
} as const;

export function readDiff(file: string): string {
  return readFileSync(file, 'utf8');
}

/** A planted fixture with its placeholders filled in. */
export function readPlanted(name: string): string {
  return readDiff(path.join(plantedDir, name)).replace(/%([A-Z0-9_]+)%/g, (whole, key: string) =>
    key in SECRETS ? SECRETS[key as keyof typeof SECRETS] : whole,
  );
}

export function analyzeText(text: string, config?: AnalyzerConfig) {
  return analyzeDiff(parseDiff(text), config);
}

/** `git diff` of a new file with these lines (the exact shape git prints for an added file). */
export function addedFileDiff(filePath: string, lines: readonly string[]): string {
  return [
    `diff --git a/${filePath} b/${filePath}`,
    'new file mode 100644',
    'index 00000000..1f2e3d4c',
    '--- /dev/null',
    `+++ b/${filePath}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}

/** The parts of a finding a test pins: where, which rule, how severe. */
export function located(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.severity} ${finding.rule} ${finding.file}:${finding.line ?? ''}`);
}

export function onlyRule(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

export const actionContext: ActionContext = { runId: 'run-1', workflow: 'pr-review', stepId: 'analyze', attempt: 1 };

export function fakeTools(): ActionTools & { logs: { level: string; message: string; data?: Record<string, unknown> }[] } {
  const logs: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const record = (level: string) => (message: string, data?: Record<string, unknown>) => {
    logs.push({ level, message, ...(data ? { data } : {}) });
  };
  return {
    signal: new AbortController().signal,
    log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    emit: () => undefined,
    logs,
  };
}
