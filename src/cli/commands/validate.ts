import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadWorkflowDir, loadWorkflowFile, WorkflowValidationError, type WorkflowProblem } from '../../engine/loader/index.js';
import { BUILTIN_WORKFLOWS_DIR, type Runtime } from '../../runtime.js';
import { CliError } from '../cli-error.js';

/** `agentic-sdlc validate [paths...]`: every problem as `file:line:col: message`; exit 1 if any. */
export async function validate(runtime: Runtime, paths: string[]): Promise<number> {
  const targets = paths.length ? paths : [BUILTIN_WORKFLOWS_DIR, ...runtime.config.workflows.dirs];
  const problems: WorkflowProblem[] = [];
  let count = 0;
  for (const target of targets) {
    let isDir: boolean;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      throw new CliError(`${target}: no such file or directory`);
    }
    if (isDir) {
      const loaded = await loadWorkflowDir(target, { actions: runtime.actions, triggers: runtime.triggers });
      count += loaded.workflows.length;
      problems.push(...loaded.problems);
    } else {
      try {
        await loadWorkflowFile(resolve(target), { actions: runtime.actions, triggers: runtime.triggers });
        count++;
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        problems.push(...error.problems);
      }
    }
  }
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.col}: ${p.message}\n`);
  if (problems.length) {
    process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`${count} workflow${count === 1 ? '' : 's'} valid\n`);
  return 0;
}
