import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, git } from '../helpers/cli.js';
import { plantedDiff as plantedFile } from './review-helpers.js';

const root = join(import.meta.dirname, '../..');
const exampleDiff = join(root, 'examples/pr-review/diff.patch');
const exampleEvent = join(root, 'examples/pr-review/pull_request.opened.json');
let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-cli-'));
  db = join(dir, 'state.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example diff plus one planted file with a secret, a conflict marker and a debug leftover. */
function plantedDiff(): string {
  return readFileSync(exampleDiff, 'utf8') + plantedFile();
}

describe('agentic-sdlc review', () => {
  it('--json prints findings with rule, severity, file, exact line and message, and a summary', async () => {
    const diffFile = join(dir, 'planted.diff');
    writeFileSync(diffFile, plantedDiff());
    const { code, stdout, stderr } = await cli(['--db', db, 'review', '--diff', diffFile, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { findings: { rule: string; severity: string; file: string; line: number | null; message: string }[]; summary: Record<string, unknown> };
    const planted = result.findings.filter((f) => f.file === 'src/planted.ts');
    expect(planted.map((f) => [f.rule, f.severity, f.line])).toEqual(
      expect.arrayContaining([
        ['secret', 'error', 2],
        ['debug-leftover', 'warning', 3],
        ['merge-conflict', 'error', 4],
      ]),
    );
    for (const finding of result.findings) expect(Object.keys(finding).sort()).toEqual(['file', 'line', 'message', 'rule', 'severity']);
    expect(JSON.stringify(result)).not.toContain('AKIAZ3MS5TQ4HUPV7RWQ');
    expect(result.summary).toMatchObject({ files: 107 });
  });

  it('reads the diff from stdin with --diff - and prints the markdown report', async () => {
    const { code, stdout } = await cli(['--db', db, 'review', '--diff', '-', '--event', exampleEvent], { stdin: readFileSync(exampleDiff, 'utf8') });
    expect(code).toBe(0);
    expect(stdout).toContain('Update the README with new information.');
    expect(stdout).toMatch(/\| *Files *\|/i);
  });

  it('--fail-on error exits 1 when an error finding is present', async () => {
    const diffFile = join(dir, 'planted-fail.diff');
    writeFileSync(diffFile, plantedDiff());
    const { code } = await cli(['--db', db, 'review', '--diff', diffFile, '--json', '--fail-on', 'error']);
    expect(code).toBe(1);
  });

  it('reviews git diff <base>...HEAD of the current repository', async () => {
    const repo = join(dir, 'repo');
    const commit = (message: string, ...flags: string[]) => git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', ...flags, '-m', message);
    await git(undefined, 'init', '-q', '-b', 'main', repo);
    writeFileSync(join(repo, 'a.js'), 'export const a = 1;\n');
    await git(repo, 'add', '.');
    await commit('base');
    await git(repo, 'checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'a.js'), 'export const a = 1;\ndebugger;\n');
    await commit('change', '-a');
    const { code, stdout } = await cli(['--db', db, 'review', '--base', 'main', '--json'], { cwd: repo });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { findings: { rule: string; file: string; line: number }[] };
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'debug-leftover', file: 'a.js', line: 2 }));
  });
});

describe('agentic-sdlc run', () => {
  it('--json prints { run: { id, status }, outputs, steps }', async () => {
    const { code, stdout } = await cli(['--db', db, 'run', 'pr-review', '--input', `diff=@${exampleDiff}`, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { run: { id: string; status: string }; outputs: Record<string, unknown>; steps: { id: string; status: string }[] };
    expect(result.run).toMatchObject({ id: expect.stringMatching(/^run_/), status: 'success' });
    expect(Object.keys(result.outputs).sort()).toEqual(['conclusion', 'findings', 'llm', 'report', 'summary', 'usage']);
    // Offline and outside GitHub: the GitHub steps are skipped and the AI step says no provider is set.
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([
      ['check', 'skipped'],
      ['fetch', 'skipped'],
      ['analyze', 'success'],
      ['feedback', 'skipped'],
      ['ai', 'success'],
      ['report', 'success'],
      ['comment', 'skipped'],
      ['review', 'skipped'],
      ['conclude', 'skipped'],
    ]);
    expect(result.outputs.llm).toMatchObject({ used: false });
    expect(result.outputs.report).toContain('this review comes from the offline analyzer alone');
  });

  it('says which input is wrong, one line per problem, without a stack trace', async () => {
    const { code, stderr } = await cli(['--db', db, 'run', 'pr-review', '--input', 'dif=x']);
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("agentic-sdlc: unknown input 'dif' for workflow pr-review; did you mean diff?");
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^input 'diff' is required when pr-review runs without a trigger event .*; pass it with --input diff=/)]);
  });

  it('says which required input is missing', async () => {
    const file = join(dir, 'needs-input.yml');
    writeFileSync(file, ['name: needs-input', 'inputs:', '  diff: { type: string, required: true, description: The diff }', 'steps:', '  - uses: diff.analyze', '    with: { diff: "${{ inputs.diff }}" }', ''].join('\n'));
    const { code, stderr } = await cli(['--db', db, 'run', file]);
    expect(code).toBe(1);
    expect(stderr).toBe("agentic-sdlc: input 'diff' is required (string: The diff); pass it with --input diff=<text>, or --input diff=@<file> to read it from a file\n");
  });

  it('suggests the workflow name on a typo', async () => {
    const { code, stderr } = await cli(['--db', db, 'run', 'pr-reveiw']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^agentic-sdlc: unknown workflow 'pr-reveiw'; did you mean pr-review\?/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('agentic-sdlc validate', () => {
  it('exits 1 and prints file:line:col for every problem', async () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, ['name: broken', 'on: { manual: true }', 'steps:', '  - id: a', '    uses: diff.analyse', '    need: [b]', ''].join('\n'));
    const { code, stderr } = await cli(['--db', db, 'validate', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:5:11: unknown action 'diff.analyse'; did you mean diff.analyze?`);
    expect(stderr).toContain(`${file}:6:5:`);
    expect(stderr).toMatch(/did you mean needs\?/);
  });

  it('validates every registered trigger kind, and names an on: key no kind claims with the closest one', async () => {
    const file = join(dir, 'triggers.yml');
    const on = ['on:', '  github: { pull_request: { types: [opened] } }', '  slack: { commands: [review] }', '  jenkins: { status: [FAILURE], job: [app-*] }', '  api: true', '  manual: true'];
    writeFileSync(file, ['name: triggers', ...on, 'steps:', '  - uses: diff.analyze', ''].join('\n'));
    expect(await cli(['--db', db, 'validate', file])).toMatchObject({ code: 0, stdout: '1 workflow valid\n' });
    writeFileSync(file, ['name: triggers', 'on:', '  gihub: { pull_request: {} }', 'steps:', '  - uses: diff.analyze', ''].join('\n'));
    const { code, stderr } = await cli(['--db', db, 'validate', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:3:3: unknown trigger 'gihub' in on; did you mean github?`);
  });

  it('accepts the built-in workflows', async () => {
    const { code, stdout } = await cli(['--db', db, 'validate']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/workflows? valid/);
  });
});

describe('agentic-sdlc runs', () => {
  it('lists and shows stored runs', async () => {
    const own = join(dir, 'runs.db');
    const ran = await cli(['--db', own, 'run', 'pr-review', '--input', `diff=@${exampleDiff}`, '--json']);
    const id = (JSON.parse(ran.stdout) as { run: { id: string } }).run.id;
    const list = await cli(['--db', own, 'runs', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id, workflow: 'pr-review', status: 'success' })]);
    const show = await cli(['--db', own, 'runs', 'show', id]);
    expect(show.stdout).toContain(`run       ${id}`);
    expect(show.stdout).toMatch(/success +analyze/);
    const missing = await cli(['--db', own, 'runs', 'show', 'run_nope']);
    expect(missing).toMatchObject({ code: 1, stderr: 'agentic-sdlc: no run run_nope (see: agentic-sdlc runs list)\n' });
    const resume = await cli(['--db', own, 'runs', 'resume']);
    expect(resume).toMatchObject({ code: 0, stdout: 'nothing to resume\n' });
  });

  it('honours AGENTIC_SDLC_DB', async () => {
    const own = join(dir, 'env.db');
    await cli(['run', 'pr-review', '--input', `diff=@${exampleDiff}`, '--json'], { env: { AGENTIC_SDLC_DB: own } });
    const list = await cli(['runs', 'list', '--json'], { env: { AGENTIC_SDLC_DB: own } });
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});
