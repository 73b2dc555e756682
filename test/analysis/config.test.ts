import { describe, expect, it } from 'vitest';
import { analyzeDiff } from '../../src/analysis/analyze.js';
import { AnalyzerConfigError, analyzerConfigSchema, parseAnalyzerConfig } from '../../src/analysis/config.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { analyzeText, located, readPlanted } from './helpers.js';

const planted = readPlanted('planted-1k-v13.4.4..v13.4.5.diff');
const rulesFired = (config: Parameters<typeof analyzeText>[1]) => [...new Set(analyzeText(planted, config).findings.map((f) => f.rule))].sort();

describe('analyzer configuration', () => {
  it('runs every rule by default', () => {
    expect(rulesFired(undefined)).toEqual(['debug-leftover', 'merge-conflict', 'secret', 'todo']);
  });

  it("turns rules off with 'off' or enabled: false", () => {
    expect(rulesFired({ rules: { todo: 'off', secret: { enabled: false } } })).toEqual(['debug-leftover', 'merge-conflict']);
  });

  it('overrides the severity of every finding of a rule', () => {
    const findings = analyzeText(planted, { rules: { secret: { severity: 'info' }, todo: { severity: 'error' } } }).findings;
    expect(new Set(findings.filter((f) => f.rule === 'secret').map((f) => f.severity))).toEqual(new Set(['info']));
    expect(new Set(findings.filter((f) => f.rule === 'todo').map((f) => f.severity))).toEqual(new Set(['error']));
  });

  it('skips files matching global ignore globs and says so', () => {
    const result = analyzeText(planted, { ignore: ['src/server/**', '*.md'] });
    expect(result.findings.some((f) => f.file === 'src/server/server.ts' || f.file.endsWith('.md'))).toBe(false);
    expect(result.stats.skippedFiles).toEqual([
      { path: 'docs/deployment.md', reason: 'matches ignore glob *.md' },
      { path: 'docs/development.md', reason: 'matches ignore glob *.md' },
      { path: 'docs/webhooks.md', reason: 'matches ignore glob *.md' },
      { path: 'package-lock.json', reason: 'lockfile' },
      { path: 'src/server/server.ts', reason: 'matches ignore glob src/server/**' },
    ]);
  });

  it('skips files matching a rule’s own ignore globs for that rule only', () => {
    const findings = analyzeText(planted, { rules: { secret: { ignore: ['src/create-node-middleware.ts'] } } }).findings;
    expect(located(findings.filter((f) => f.file === 'src/create-node-middleware.ts'))).toEqual([
      'warning debug-leftover src/create-node-middleware.ts:11',
      'info todo src/create-node-middleware.ts:12',
      'error merge-conflict src/create-node-middleware.ts:13',
      'error merge-conflict src/create-node-middleware.ts:15',
      'error merge-conflict src/create-node-middleware.ts:17',
    ]);
  });

  it('names an unknown rule id and suggests the closest one', () => {
    expect(() => analyzeDiff(parseDiff(planted), { rules: { secrets: 'off' } })).toThrow(AnalyzerConfigError);
    expect(() => parseAnalyzerConfig({ rules: { 'debug-leftovers': 'off' } })).toThrow(
      'invalid analyzer configuration: rules.debug-leftovers: unknown rule "debug-leftovers"; did you mean "debug-leftover"? (rules: secret, merge-conflict, debug-leftover, todo, large-file, large-diff, lockfile-without-manifest, missing-tests)',
    );
    expect(() => parseAnalyzerConfig({ rules: { eslint: 'off' } })).toThrow('rules.eslint: unknown rule "eslint" (rules: secret,');
  });

  it('says where a setting or option is wrong and what was expected', () => {
    const problems = (input: unknown) => {
      try {
        parseAnalyzerConfig(input);
        return 'valid';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problems({ rules: { todo: 'warn' } })).toBe(
      'invalid analyzer configuration: rules.todo: expected "off" or an object with enabled, severity, ignore and options',
    );
    expect(problems({ rules: { todo: { severity: 'warn' } } })).toBe(
      'invalid analyzer configuration: rules.todo: severity: Invalid option: expected one of "error"|"warning"|"info"',
    );
    expect(problems({ rules: { todo: { sevrity: 'info' } } })).toBe(
      'invalid analyzer configuration: rules.todo: unknown key "sevrity" (did you mean "severity"?); expected "enabled", "severity", "ignore", "options"',
    );
    expect(problems({ rules: { 'large-file': { options: { maxAdditons: 800 } } } })).toBe(
      'invalid analyzer configuration: rules.large-file.options: unknown key "maxAdditons" (did you mean "maxAdditions"?); expected "maxAdditions"',
    );
    expect(problems({ rules: { 'large-file': { options: { maxAdditions: 'many' } } } })).toBe(
      'invalid analyzer configuration: rules.large-file.options.maxAdditions: Invalid input: expected number, received string',
    );
    expect(problems({ ignor: ['dist/**'] })).toBe(
      'invalid analyzer configuration: (config): unknown key "ignor" (did you mean "ignore"?); expected "ignore", "rules"',
    );
  });

  it('is a zod schema that reports the same problems with their paths', () => {
    const result = analyzerConfigSchema.safeParse({ rules: { secrets: 'off' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message.split(' (rules:')[0]])).toEqual([
      [['rules', 'secrets'], 'unknown rule "secrets"; did you mean "secret"?'],
    ]);
  });
});
