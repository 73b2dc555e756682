import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedFileDiff, analyzeText, located, onlyRule, probotDir, readDiff, readPlanted } from './helpers.js';

const lockfileFindings = (text: string, config?: Parameters<typeof analyzeText>[1]) =>
  onlyRule(analyzeText(text, config).findings, 'lockfile-without-manifest');

describe('lockfile-without-manifest rule', () => {
  it('reports package-lock.json changed without package.json', () => {
    const findings = lockfileFindings(readPlanted('lockfile-only-v14.1.0..v14.2.0.diff'));
    expect(findings).toEqual([
      {
        rule: 'lockfile-without-manifest',
        severity: 'warning',
        file: 'package-lock.json',
        message: 'package-lock.json changed but package.json beside it did not',
        suggestion: 'If dependencies were meant to change, commit package.json too; otherwise revert the lockfile (a stray install often rewrites it).',
        category: 'dependencies',
      },
    ]);
  });

  it('is quiet when the manifest changed too (the real diff)', () => {
    expect(lockfileFindings(readDiff(path.join(probotDir, 'small-v14.1.0..v14.2.0.diff')))).toEqual([]);
  });

  it('pairs each lockfile with its own manifest, per directory', () => {
    const text = [
      addedFileDiff('Cargo.lock', ['version = 3']),
      addedFileDiff('services/api/go.sum', ['golang.org/x/net v0.1.0 h1:abc=']),
      addedFileDiff('services/api/go.mod', ['module api']),
      addedFileDiff('web/yarn.lock', ['# yarn lockfile v1']),
      addedFileDiff('poetry.lock', ['[[package]]']),
      addedFileDiff('pyproject.toml', ['[tool.poetry]']),
    ].join('');
    expect(located(lockfileFindings(text))).toEqual([
      'warning lockfile-without-manifest Cargo.lock:',
      'warning lockfile-without-manifest web/yarn.lock:',
    ]);
  });

  it('accepts a workspace manifest below the lockfile unless workspaces is off', () => {
    const text = [addedFileDiff('pnpm-lock.yaml', ['lockfileVersion: 9']), addedFileDiff('packages/app/package.json', ['{}'])].join('');
    expect(lockfileFindings(text)).toEqual([]);
    expect(located(lockfileFindings(text, { rules: { 'lockfile-without-manifest': { options: { workspaces: false } } } }))).toEqual([
      'warning lockfile-without-manifest pnpm-lock.yaml:',
    ]);
  });
});
