import { formatProblem } from '../../engine/loader/index.js';
import { fail, ok, reasonOf, type Check } from './check.js';

const NAME = 'workflows';

/**
 * Loads the built-in workflows and those of `workflows.dirs` as `serve` does (with every action and trigger
 * registered): a file with a problem is skipped at start, so each one is listed with file:line:col. A workflow
 * listening for an integration that is not configured is mentioned, not failed: it may be meant for later.
 */
export const workflowsCheck: Check = async (context) => {
  const { config } = context;
  let loaded;
  try {
    loaded = await context.runtime();
  } catch (error) {
    return [fail(NAME, `cannot load: ${reasonOf(error)}`)];
  }
  const from = ['built-in', ...config.workflows.dirs].join(', ');
  const { workflows, workflowProblems, workflowWarnings } = loaded;
  if (workflowProblems.length) {
    const files = new Set(workflowProblems.map((problem) => problem.file)).size;
    return [
      fail(
        NAME,
        `${workflowProblems.length} problem${workflowProblems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${files === 1 ? 'it is' : 'they are'} skipped (${workflows.size} loaded from ${from})`,
        'correct the files (agentic-sdlc validate checks them)',
        workflowProblems.map(formatProblem),
      ),
    ];
  }
  return [ok(NAME, `${workflows.size} loaded from ${from}`, workflowWarnings)];
};
