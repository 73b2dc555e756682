import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';

export interface WorkingTreeDiff {
  diff: string;
  /** One line for stderr: what was compared, and what it includes. */
  description: string;
}

type Git = (args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }) => string;

const git: Git = (args, options = {}) =>
  execFileSync('git', args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.env ? { env: options.env } : {}),
  });

/**
 * What `review` reviews without `--diff`: the working tree against the merge base of `base` and HEAD, as
 * `git diff $(git merge-base <base> HEAD)` shows it — commits, staged and unstaged changes — plus untracked
 * files that are not ignored, as new files. Untracked files are marked intent-to-add in a throwaway copy of
 * the index, so the user's index is never touched.
 */
export function workingTreeDiff(base: string | undefined): WorkingTreeDiff {
  try {
    git(['rev-parse', '--git-dir']);
  } catch {
    throw new CliError('not inside a git repository: pass --diff <file> (or - for stdin)');
  }
  const ref = base ?? defaultBase();
  const mergeBase = run(['merge-base', ref, 'HEAD'], `git merge-base ${ref} HEAD`).trim();
  const untracked = run(['ls-files', '--others', '--exclude-standard', '-z'], 'git ls-files --others').split('\0').filter(Boolean);
  const diffArgs = ['diff', '--no-color', '--no-ext-diff', mergeBase];
  const diff = untracked.length === 0 ? run(diffArgs, `git diff ${ref}`) : withUntracked(untracked, (env) => run(diffArgs, `git diff ${ref}`, env));
  const extra = untracked.length === 0 ? '' : `, and ${untracked.length} untracked file${untracked.length === 1 ? '' : 's'} as new`;
  return {
    diff,
    description: `reviewing the working tree against ${ref} (merge base ${mergeBase.slice(0, 12)}): commits, staged and unstaged changes${extra}`,
  };
}

/** Runs `fn` with GIT_INDEX_FILE pointing at a copy of the index in which `paths` are intent-to-add. */
function withUntracked<T>(paths: string[], fn: (env: NodeJS.ProcessEnv) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'agentic-sdlc-index-'));
  try {
    const index = join(dir, 'index');
    const current = resolve(git(['rev-parse', '--git-path', 'index']).trim());
    if (existsSync(current)) copyFileSync(current, index);
    const env = { ...process.env, GIT_INDEX_FILE: index };
    git(['add', '--intent-to-add', '--pathspec-from-file=-', '--pathspec-file-nul'], { env, input: paths.join('\0') });
    return fn(env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(args: string[], what: string, env?: NodeJS.ProcessEnv): string {
  try {
    return git(args, env ? { env } : {});
  } catch (error) {
    const output = (error as { stderr?: unknown }).stderr;
    const stderr = typeof output === 'string' ? output.trim().split('\n')[0] : undefined;
    throw new CliError(`${what} failed: ${stderr || 'unknown error'}; pass --base <ref> or --diff <file>`);
  }
}

function defaultBase(): string {
  try {
    return git(['rev-parse', '--abbrev-ref', 'origin/HEAD']).trim();
  } catch {
    for (const candidate of ['main', 'master']) {
      try {
        git(['rev-parse', '--verify', '--quiet', candidate]);
        return candidate;
      } catch {
        // try the next one
      }
    }
  }
  throw new CliError('cannot find a base branch (no origin/HEAD, main or master): pass --base <ref>');
}
