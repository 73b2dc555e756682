import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addedFileDiff, analyzeText, located, onlyRule, probotDir, readDiff, readPlanted } from './helpers.js';

const todosOf = (text: string, config?: Parameters<typeof analyzeText>[1]) => onlyRule(analyzeText(text, config).findings, 'todo');

describe('todo rule', () => {
  it('reports planted TODO comments in code and in an HTML comment of Markdown', () => {
    const findings = todosOf(readPlanted('planted-1k-v13.4.4..v13.4.5.diff'));
    expect(findings.map((finding) => [finding.severity, finding.file, finding.line, finding.message])).toEqual([
      ['info', 'docs/webhooks.md', 17, 'TODO comment added: TODO: document webhook retries'],
      ['info', 'src/create-node-middleware.ts', 12, 'TODO comment added: TODO: remove the fallback once probot 14 ships'],
    ]);
  });

  it('reports the TODOs probot really added between v10.19 and v11', () => {
    expect(located(todosOf(readDiff(path.join(probotDir, '10k-v10.19.0..v11.0.0.diff'))))).toEqual([
      'info todo src/helpers/get-log.ts:27',
      'info todo src/probot.ts:54',
    ]);
  });

  it('needs a comment and the upper-case keyword', () => {
    const text = addedFileDiff('src/a.ts', [
      'const label = "TODO";',
      '// todo: lower case is prose',
      '# FIXME: hash comment',
      '/* HACK around a bug */',
      'x = 1; // XXX: check this',
      'const TODOS = [];',
    ]);
    expect(todosOf(text).map((finding) => [finding.line, finding.message])).toEqual([
      [3, 'FIXME comment added: FIXME: hash comment'],
      [4, 'HACK comment added: HACK around a bug'],
      [5, 'XXX comment added: XXX: check this'],
    ]);
  });

  it('takes its keywords from options', () => {
    const text = addedFileDiff('src/a.ts', ['// TODO: a', '// NOTE: b']);
    expect(todosOf(text, { rules: { todo: { options: { keywords: ['NOTE'] } } } }).map((finding) => finding.line)).toEqual([2]);
  });
});
