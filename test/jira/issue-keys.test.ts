import { describe, expect, it } from 'vitest';
import { findIssueKeys } from '../../src/integrations/jira/issue-keys.js';

describe('issue keys in a pull request', () => {
  it('finds keys in the title, the branch and the commits, first seen first, once each', () => {
    expect(
      findIssueKeys({
        title: 'ABC-12: fix the login form',
        branch: 'feature/ABC-12-login',
        commits: ['Refs OPS-7 and ABC-3', 'ABC-12 again\n\nCloses OPS-7'],
      }),
    ).toEqual(['ABC-12', 'OPS-7', 'ABC-3']);
  });

  it('matches only whole words: xABC-1 and ABC-1x are not keys, feature/ABC-12-thing holds one', () => {
    expect(findIssueKeys({ title: 'xABC-1 ABC-1x ABC_1 ABC-' })).toEqual([]);
    expect(findIssueKeys({ branch: 'feature/ABC-12-thing' })).toEqual(['ABC-12']);
    expect(findIssueKeys({ title: '[ABC-5] (DEF-6), GHI-7.' })).toEqual(['ABC-5', 'DEF-6', 'GHI-7']);
  });

  it('takes project keys of two or more characters with digits and underscores, never lower case', () => {
    expect(findIssueKeys({ title: 'A-1 AB-2 A2_B-3 ab-4 Ab-5' })).toEqual(['AB-2', 'A2_B-3']);
  });

  it('keeps only the configured projects when there are some', () => {
    expect(findIssueKeys({ title: 'UTF-8 support for ABC-9 (see SHA-256)' }, ['ABC'])).toEqual(['ABC-9']);
    expect(findIssueKeys({ title: 'UTF-8 support for ABC-9' })).toEqual(['UTF-8', 'ABC-9']);
  });

  it('reads a megabyte of adversarial text in one pass', () => {
    const hostile = 'A'.repeat(500_000) + '-' + '1'.repeat(500_000) + 'x';
    const started = performance.now();
    expect(findIssueKeys({ title: hostile, commits: ['AB-'.repeat(300_000)] })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
