import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, git } from '../helpers/cli.js';

const CLEAN = { AGENTIC_SDLC_CONFIG: '', AGENTIC_SDLC_DB: '' };
const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-state-dir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('agentic-sdlc --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, stdout, stderr } = await cli([flag]);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    }
  });
});

describe('the default state directory', () => {
  it('does not show up in git status: the .agentic-sdlc/ it creates ignores itself', async () => {
    await git(undefined, 'init', '-q', dir);
    const { code } = await cli(['runs', 'list'], { cwd: dir, env: CLEAN });
    expect(code).toBe(0);
    expect(existsSync(join(dir, '.agentic-sdlc', 'state.db'))).toBe(true);
    expect(readFileSync(join(dir, '.agentic-sdlc', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(await git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('writes no .gitignore into a directory that was already there', async () => {
    mkdirSync(join(dir, 'state'));
    const { code } = await cli(['--db', join(dir, 'state', 'state.db'), 'runs', 'list'], { env: CLEAN });
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'state', 'state.db'))).toBe(true);
    expect(existsSync(join(dir, 'state', '.gitignore'))).toBe(false);
  });
});
