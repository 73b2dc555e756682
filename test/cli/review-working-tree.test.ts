import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, git } from '../helpers/cli.js';

let dir: string;
let repo: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-review-tree-'));
  repo = join(dir, 'repo');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('agentic-sdlc review without --diff', () => {
  it('reviews committed, staged, unstaged and untracked changes against the merge base, leaving the index as it was', async () => {
    const commit = (message: string, ...flags: string[]) => git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', ...flags, '-m', message);
    await git(undefined, 'init', '-q', '-b', 'main', repo);
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, '.gitignore'), 'build/\n');
    for (const name of ['committed', 'staged', 'unstaged']) writeFileSync(join(repo, 'src', `${name}.js`), `export const ${name} = 1;\n`);
    await git(repo, 'add', '.');
    await commit('base');
    await git(repo, 'checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'src/committed.js'), 'export const committed = 1;\ndebugger;\n');
    await commit('change', '-a');
    writeFileSync(join(repo, 'src/staged.js'), 'export const staged = 1;\ndebugger;\n');
    await git(repo, 'add', 'src/staged.js');
    writeFileSync(join(repo, 'src/unstaged.js'), 'export const unstaged = 1;\ndebugger;\n');
    writeFileSync(join(repo, 'src/untracked.js'), 'export const untracked = 1;\ndebugger;\n');
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build/ignored.js'), 'debugger;\n');
    const statusBefore = await git(repo, 'status', '--porcelain');

    const json = await cli(['--db', join(dir, 'state.db'), 'review', '--base', 'main', '--json', '--fail-on', 'error'], { cwd: repo });
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { findings: { rule: string; file: string; line: number }[] };
    const leftovers = result.findings.filter((f) => f.rule === 'debug-leftover').map((f) => `${f.file}:${f.line}`);
    expect(leftovers.sort()).toEqual(['src/committed.js:2', 'src/staged.js:2', 'src/unstaged.js:2', 'src/untracked.js:2']);
    expect(await git(repo, 'status', '--porcelain')).toBe(statusBefore);

    const text = await cli(['--db', join(dir, 'state.db'), 'review', '--base', 'main'], { cwd: repo });
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^reviewing the working tree against main \(merge base [0-9a-f]{12}\): commits, staged and unstaged changes, and 1 untracked file as new\n/);
  });
});
