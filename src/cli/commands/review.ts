import { execFileSync } from 'node:child_process';
import type { Runtime } from '../../runtime.js';
import { CliError } from '../cli-error.js';
import { readEvent, readText, resolveWorkflow, runAndWait } from './run.js';

export interface ReviewOptions {
  diff?: string;
  base?: string;
  event?: string;
  workflow: string;
  json?: boolean;
  failOn?: string;
}

interface ReviewFinding {
  rule: string;
  severity: string;
  file: string;
  line?: number;
  message: string;
}

const SEVERITY_RANK: Record<string, number> = { info: 1, warning: 2, error: 3 };

/**
 * `agentic-sdlc review`: the PR-review workflow on a diff file, stdin, or the current branch's changes.
 * Exit code 1 when the run fails, or when `--fail-on` is given and a finding reaches that severity.
 */
export async function review(runtime: Runtime, options: ReviewOptions): Promise<number> {
  const diff = options.diff ? await readText(options.diff, '--diff') : gitDiff(options.base);
  const workflow = await resolveWorkflow(runtime, options.workflow);
  const event = options.event ? await readEvent(options.event) : undefined;
  const { run } = await runAndWait(runtime, workflow, { inputs: { diff }, ...(event ? { event } : {}) }, options.json === true);
  if (run.status !== 'success') throw new CliError(`review failed: ${run.error ?? run.status} (see: agentic-sdlc runs show ${run.id})`);

  const outputs = run.outputs ?? {};
  const findings = (outputs.findings ?? []) as ReviewFinding[];
  if (options.json) {
    const slim = findings.map(({ rule, severity, file, line, message }) => ({ rule, severity, file, line: line ?? null, message }));
    process.stdout.write(`${JSON.stringify({ findings: slim, summary: outputs.summary ?? null, run: { id: run.id } }, null, 2)}\n`);
  } else {
    process.stdout.write(`${typeof outputs.report === 'string' ? outputs.report : JSON.stringify(outputs, null, 2)}\n`);
  }
  if (options.failOn) {
    const threshold = SEVERITY_RANK[options.failOn];
    if (!threshold) throw new CliError(`--fail-on ${options.failOn}: expected one of error, warning, info`);
    if (findings.some((finding) => (SEVERITY_RANK[finding.severity] ?? 0) >= threshold)) return 1;
  }
  return 0;
}

function gitDiff(base: string | undefined): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('rev-parse', '--git-dir');
  } catch {
    throw new CliError('not inside a git repository: pass --diff <file> (or - for stdin)');
  }
  const ref = base ?? defaultBase(git);
  try {
    return git('diff', '--no-color', '--no-ext-diff', `${ref}...HEAD`);
  } catch (error) {
    const output = (error as { stderr?: unknown }).stderr;
    const stderr = typeof output === 'string' ? output.trim().split('\n')[0] : undefined;
    throw new CliError(`git diff ${ref}...HEAD failed: ${stderr || 'unknown error'}; pass --base <ref> or --diff <file>`);
  }
}

function defaultBase(git: (...args: string[]) => string): string {
  try {
    return git('rev-parse', '--abbrev-ref', 'origin/HEAD').trim();
  } catch {
    for (const candidate of ['main', 'master']) {
      try {
        git('rev-parse', '--verify', '--quiet', candidate);
        return candidate;
      } catch {
        // try the next one
      }
    }
  }
  throw new CliError('cannot find a base branch (no origin/HEAD, main or master): pass --base <ref>');
}
