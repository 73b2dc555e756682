import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, git } from '../helpers/cli.js';

/** Workflow files and diffs a user can hand the CLI that once crashed it or made it fail for no reason. */

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-hostile-'));
  db = join(dir, 'state.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, ...lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const PROTO = "key '__proto__' is not allowed: it would replace a JavaScript object's prototype; rename or remove it";

describe('agentic-sdlc validate on reserved names', () => {
  it('prints file:line:col naming the reserved key for each file, without a crash or "[object Object]"', async () => {
    const workflows = join(dir, 'hostile');
    mkdirSync(workflows);
    const file = (name: string, ...lines: string[]) => write(join('hostile', name), ...lines);
    const withProto = file('a.yml', 'name: a', 'steps:', '  - uses: diff.analyze', '    with: { __proto__: { a: 1 } }');
    const topProto = file('b.yml', 'name: b', '__proto__: {}', 'steps:', '  - uses: diff.analyze');
    const inputCtor = file('c.yml', 'name: c', 'inputs:', '  constructor: {}', 'steps:', '  - uses: diff.analyze');
    const stepProto = file('d.yml', 'name: d', 'steps:', '  - id: __proto__', '    uses: diff.analyze');
    const withCtor = file('e.yml', 'name: e', 'steps:', '  - uses: diff.analyze', '    with: { constructor: 1 }');
    const { code, stderr } = await cli(['--db', db, 'validate', workflows]);
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      `${withProto}:4:13: ${PROTO}`,
      `${topProto}:2:1: ${PROTO}`,
      `${inputCtor}:3:3: key 'constructor' in inputs must not be constructor, prototype or __proto__ (in any case): expressions cannot read such a name`,
      `${stepProto}:3:9: steps[0].id must not be constructor, prototype or __proto__ (in any case): expressions cannot read such a name, got '__proto__'`,
      `${withCtor}:4:13: action 'diff.analyze' has no input 'constructor'; its inputs are diff, config`,
      '5 problems',
      '',
    ]);
  });
});

describe('agentic-sdlc run with names every object inherits', () => {
  const legit = () =>
    write(
      'legit.yml',
      'name: legit',
      'inputs:',
      '  toString: { default: fallback }',
      'steps:',
      '  - id: hasOwnProperty',
      '    uses: diff.analyze',
      '    with: { diff: "" }',
      'outputs:',
      '  valueOf: ${{ inputs.toString }}',
      '  files: ${{ steps.hasOwnProperty.outputs.summary.files }}',
    );

  it('runs a workflow whose input is named toString and step hasOwnProperty', async () => {
    const { code, stdout, stderr } = await cli(['--db', db, 'run', legit(), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ run: { status: 'success' }, outputs: { valueOf: 'fallback', files: 0 } });
  });

  it('refuses --input constructor as an unknown input', async () => {
    const { code, stderr } = await cli(['--db', db, 'run', legit(), '--input', 'constructor=x']);
    expect(code).toBe(1);
    expect(stderr).toBe("agentic-sdlc: unknown input 'constructor' for workflow legit; known inputs: toString\n");
  });
});

describe('agentic-sdlc review of an empty diff', () => {
  const NO_CHANGES = '✅ No changes to review: the diff changes no files.';

  it('succeeds with no findings and says there are no changes (--diff file)', async () => {
    const { code, stdout } = await cli(['--db', db, 'review', '--diff', write('empty.diff')]);
    expect(code).toBe(0);
    expect(stdout).toContain(NO_CHANGES);
  });

  it('succeeds with no findings from empty stdin (--diff -)', async () => {
    const { code, stdout } = await cli(['--db', db, 'review', '--diff', '-', '--json'], { stdin: '' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ findings: [], summary: { files: 0 } });
  });

  it('succeeds when git diff finds nothing between the branch and its base', async () => {
    const repo = join(dir, 'repo');
    await git(undefined, 'init', '-q', '-b', 'main', repo);
    writeFileSync(join(repo, 'a.txt'), 'a\n');
    await git(repo, 'add', '.');
    await git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'base');
    await git(repo, 'checkout', '-qb', 'feature');
    const { code, stdout } = await cli(['--db', db, 'review', '--base', 'main'], { cwd: repo });
    expect(code).toBe(0);
    expect(stdout).toContain(NO_CHANGES);
  });
});
