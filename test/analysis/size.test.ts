import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText, located, onlyRule, probotDir, readDiff } from './helpers.js';

describe('large-file and large-diff rules', () => {
  const big = readDiff(path.join(probotDir, '30k-v12.0.0..v13.0.0.diff'));

  it('reports a large diff once, for the whole diff, without counting lockfiles', () => {
    const findings = onlyRule(analyzeText(big).findings, 'large-diff');
    expect(findings).toEqual([
      {
        rule: 'large-diff',
        severity: 'info',
        file: '',
        message: 'Changes 5631 lines in 104 files, more than the limit of 1000 (lockfiles and generated files not counted)',
        suggestion: 'Consider splitting it into pull requests that can be reviewed one at a time.',
        category: 'size',
      },
    ]);
  });

  it('stays quiet under the limit', () => {
    expect(onlyRule(analyzeText(readDiff(path.join(probotDir, '1k-v13.4.4..v13.4.5.diff'))).findings, 'large-diff')).toEqual([]);
  });

  it('reports each file over the added-lines limit, never lockfiles', () => {
    // package-lock.json adds 11,564 lines; the largest other files add 415, 262, 198 and 193.
    const findings = onlyRule(analyzeText(big, { rules: { 'large-file': { options: { maxAdditions: 195 } } } }).findings, 'large-file');
    expect(located(findings)).toEqual([
      'warning large-file test/probot-octokit.test.ts:',
      'warning large-file test/probot.test.ts:',
      'warning large-file test/views/__snapshots__/import.test.ts.snap:',
    ]);
    expect(findings[0]!.message).toBe('Adds 415 lines, more than the limit of 195');
  });

  it('uses 500 added lines by default', () => {
    expect(onlyRule(analyzeText(big).findings, 'large-file')).toEqual([]);
  });
});
