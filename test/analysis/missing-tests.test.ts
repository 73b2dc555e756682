import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedFileDiff, analyzeText, octokitDir, onlyRule, probotDir, readDiff } from './helpers.js';

const missingTests = (text: string, config?: Parameters<typeof analyzeText>[1]) =>
  onlyRule(analyzeText(text, config).findings, 'missing-tests');

describe('missing-tests rule', () => {
  it('reports once when source changed and no test did (probot v14.1.0..v14.2.0)', () => {
    expect(missingTests(readDiff(path.join(probotDir, 'small-v14.1.0..v14.2.0.diff')))).toEqual([
      {
        rule: 'missing-tests',
        severity: 'info',
        file: '',
        message: '1 source file changed without any test change: src/manifest-creation.ts',
        suggestion: 'Add or update tests that cover the change.',
        category: 'testing',
      },
    ]);
  });

  it('is quiet when a test changed too', () => {
    expect(missingTests(readDiff(path.join(probotDir, '1k-v13.4.4..v13.4.5.diff')))).toEqual([]);
    expect(missingTests(readDiff(path.join(octokitDir, '2k-v13.9.1..v14.1.2.diff')))).toEqual([]);
  });

  it('does not count generated sources (octokit/webhooks.js src/generated/)', () => {
    expect(missingTests(readDiff(path.join(octokitDir, '150-v13.7.5..v13.8.0.diff')))).toEqual([]);
  });

  it('recognises test files of several ecosystems', () => {
    for (const testFile of ['pkg/server_test.go', 'tests/test_api.py', 'app/test_models.py', 'spec/user_spec.rb', 'src/__tests__/a.ts', 'src/a.spec.tsx']) {
      const text = [addedFileDiff('src/main.ts', ['export const a = 1;']), addedFileDiff(testFile, ['x'])].join('');
      expect(missingTests(text), testFile).toEqual([]);
    }
  });

  it('lists the first three source files and counts the rest', () => {
    const text = ['src/a.ts', 'src/b.py', 'src/c.go', 'src/d.rs', 'docs/e.md', 'src/types.d.ts'].map((file) => addedFileDiff(file, ['x'])).join('');
    expect(missingTests(text)[0]!.message).toBe('4 source files changed without any test change: src/a.ts, src/b.py, src/c.go and 1 more');
  });

  it('takes test patterns from options', () => {
    const text = [addedFileDiff('src/a.ts', ['x']), addedFileDiff('checks/a.check.ts', ['x'])].join('');
    expect(missingTests(text)).toHaveLength(1);
    expect(missingTests(text, { rules: { 'missing-tests': { options: { testPatterns: ['**/*.check.ts'] } } } })).toEqual([]);
  });
});
