import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { plantedDiff } from './review-helpers.js';

let dir: string;
let diffFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-review-gate-'));
  diffFile = join(dir, 'planted.diff');
  writeFileSync(diffFile, plantedDiff());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A workflow that analyzes `inputs.diff` and exposes the analyzer's outputs under the given names. */
function workflowFile(name: string, outputs: Record<string, string>): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'inputs:',
      "  diff: { type: string, default: '', description: The diff }",
      'steps:',
      '  - id: analyze',
      '    uses: diff.analyze',
      '    with: { diff: "${{ inputs.diff }}" }',
      'outputs:',
      ...Object.entries(outputs).map(([key, value]) => `  ${key}: "${value}"`),
      '',
    ].join('\n'),
  );
  return file;
}

describe('agentic-sdlc review: the gate never passes by mistake', () => {
  it('refuses an unknown --fail-on severity before any run is recorded', async () => {
    const db = join(dir, 'bogus.db');
    const { code, stderr, stdout } = await cli(['--db', db, 'review', '--diff', diffFile, '--fail-on', 'bogus']);
    expect(code).toBe(1);
    expect(stderr).toContain("option '--fail-on <severity>' argument 'bogus' is invalid. Allowed choices are error, warning, info.");
    expect(stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a --workflow without a findings output before any run, naming the workflow and what it must output', async () => {
    const db = join(dir, 'renamed.db');
    const file = workflowFile('renamed-outputs', { problems: '${{ steps.analyze.outputs.findings }}', counts: '${{ steps.analyze.outputs.summary }}' });
    const { code, stderr, stdout } = await cli(['--db', db, 'review', '--diff', diffFile, '--workflow', file, '--fail-on', 'error', '--json']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "agentic-sdlc: workflow renamed-outputs has no 'findings' output, so review cannot gate on it: add to its outputs " +
        "'findings: ${{ steps.<id>.outputs.findings }}' (a list of { rule, severity: error|warning|info, file, line?, message }), " +
        "or run it with 'agentic-sdlc run renamed-outputs'\n",
    );
    expect(stdout).toBe('');
    const runs = await cli(['--db', db, 'runs', 'list', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });

  it('gates a --workflow on its findings output and counts its summary from that list', async () => {
    const file = workflowFile('findings-only', { findings: '${{ steps.analyze.outputs.findings }}' });
    const { code, stdout } = await cli(['--db', join(dir, 'state.db'), 'review', '--diff', diffFile, '--workflow', file, '--fail-on', 'error', '--json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as { findings: { severity: string }[]; summary: Record<string, unknown> };
    expect(result.summary).toMatchObject({ files: 1, additions: 5, deletions: 0, errors: 2, warnings: 1 });
    expect(result.findings.filter((f) => f.severity === 'error')).toHaveLength(2);
  });

  it('treats a findings output that is not a list of findings as an error, not as no findings', async () => {
    const file = workflowFile('wrong-findings', { findings: '${{ steps.analyze.outputs.summary }}' });
    const { code, stderr, stdout } = await cli(['--db', join(dir, 'state.db'), 'review', '--diff', diffFile, '--workflow', file, '--fail-on', 'error', '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^agentic-sdlc: workflow wrong-findings: output 'findings' is not a list of \{ rule, severity: error\|warning\|info, file, line\?, message \}: /);
  });
});
