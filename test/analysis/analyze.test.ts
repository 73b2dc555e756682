import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffAnalyzeAction } from '../../src/actions/analysis/diff-analyze.js';
import { StepError, isRetryable } from '../../src/engine/errors.js';
import { actionContext, analyzeText, fakeTools, octokitDir, probotDir, readDiff, readPlanted } from './helpers.js';

describe('analyzeDiff', () => {
  it('counts the whole diff and lists the files it did not read line by line', () => {
    const { stats } = analyzeText(readDiff(path.join(probotDir, 'binary-png-39dcfcd0.diff')));
    expect(stats).toEqual({
      files: 19,
      additions: 228,
      deletions: 65,
      skippedFiles: [{ path: 'static/probot-head.png', reason: 'binary' }],
    });
    const deletions = analyzeText(readDiff(path.join(probotDir, 'delete-13-files-97c40575.diff')));
    expect(deletions.stats.skippedFiles.map((file) => file.reason)).toEqual(Array(13).fill('deleted'));
    expect(deletions.findings).toEqual([]);
  });

  it('sorts findings by file, then line, and returns the same result every time', () => {
    const text = readPlanted('planted-1k-v13.4.4..v13.4.5.diff');
    const first = analyzeText(text).findings;
    const keys = first.map((f) => [f.file, f.line ?? 0] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    expect(keys).toEqual(sorted);
    expect(analyzeText(text).findings).toEqual(first);
  });

  it('analyzes the 31,660-line corpus diff', () => {
    const started = performance.now();
    const result = analyzeText(readDiff(path.join(probotDir, '30k-v12.0.0..v13.0.0.diff')));
    console.log(`30k-line diff parsed and analyzed in ${(performance.now() - started).toFixed(1)} ms`);
    expect(result.stats).toMatchObject({ files: 106, additions: 15823, deletions: 11302 });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('diff.analyze action', () => {
  it('returns findings and a summary for a unified diff', async () => {
    const tools = fakeTools();
    const input = diffAnalyzeAction.input.parse({ diff: readPlanted('planted-1k-v13.4.4..v13.4.5.diff'), config: { rules: { todo: 'off' } } });
    const output = diffAnalyzeAction.output.parse(await diffAnalyzeAction.run(actionContext, input, tools));
    expect(output.summary).toEqual({
      files: 11,
      additions: 415,
      deletions: 203,
      errors: 10,
      warnings: 3,
      infos: 0,
      skippedFiles: [{ path: 'package-lock.json', reason: 'lockfile' }],
    });
    expect(output.findings).toHaveLength(13);
    expect(tools.logs).toEqual([
      { level: 'info', message: 'diff analyzed', data: { files: 11, errors: 10, warnings: 3, infos: 0, skippedFiles: 1 } },
    ]);
  });

  it('warns when the text holds no diff', async () => {
    const tools = fakeTools();
    const output = await diffAnalyzeAction.run(actionContext, { diff: '<html>rate limited</html>' }, tools);
    expect(output.summary.files).toBe(0);
    expect(tools.logs[0]).toMatchObject({ level: 'warn', message: 'no file found in the diff text; is it a unified diff?' });
  });

  it('rejects an unknown rule in its input schema, naming the field', () => {
    const parsed = diffAnalyzeAction.input.safeParse({ diff: '', config: { rules: { 'merge-conflicts': 'off' } } });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['config.rules.merge-conflicts']);
    expect(parsed.error?.issues[0]?.message).toContain('did you mean "merge-conflict"?');
  });

  it('fails for good, not retryably, when called with an invalid configuration', async () => {
    const input = { diff: readDiff(path.join(octokitDir, 'small-v13.7.0..v13.7.1.diff')), config: { rules: { nope: 'off' as const } } };
    const failure: unknown = await diffAnalyzeAction.run(actionContext, input, fakeTools()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StepError);
    expect(isRetryable(failure)).toBe(false);
    expect((failure as StepError).code).toBe('invalid_config');
  });
});
