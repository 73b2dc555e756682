import { actionEvent, describeEvent, readEventPayload } from '../action/action-event.js';
import { readActionEnv, type ActionEnv } from '../action/action-env.js';
import { actionOutputs, appendSummary, writeOutputs } from '../action/action-outputs.js';
import { planActionRun } from '../action/action-plan.js';
import { openActionRuntime } from '../action/action-runtime.js';
import { reportRun } from '../action/report-run.js';
import { workflowCommand } from '../action/workflow-commands.js';
import { RepoConfigError } from '../../integrations/github/repo-config/load-repo-config.js';
import type { GlobalOptions } from '../context.js';
import { resolveWorkflow, runAndWait } from './run.js';

/** The action's default `workflow`: the one `agentic-sdlc review` runs. */
const WORKFLOW_ALIASES: Record<string, string> = { review: 'pr-review' };

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `agentic-sdlc action`: the one command of `action.yml`. Runs a workflow (the PR review by default) for the
 * job's event with the engine, actions and workflows the GitHub App uses, its `github.*` actions on the job's
 * token: the same check run, sticky comment and inline review. Then annotations, outputs, job summary, and
 * the exit code of `fail-on`. An event the workflow does not run on is a notice and exit code 0.
 */
export async function action(globals: GlobalOptions): Promise<number> {
  const env = readActionEnv(process.env);
  const payload = await readEventPayload(env.eventPath);
  const event = actionEvent(env.eventName, payload, env.repository, env.jobRun);
  const { runtime, clients } = await openActionRuntime(globals, env, process.env);
  try {
    // A workflow of the configuration named like an alias is the one meant.
    const name = runtime.workflows.has(env.workflow) ? env.workflow : (WORKFLOW_ALIASES[env.workflow] ?? env.workflow);
    const workflow = await resolveWorkflow(runtime, name);
    // Nothing cancels the plan's few calls: a cancelled job ends the whole process.
    const signal = new AbortController().signal;
    const { repoConfigFile, commandPrefix } = runtime.config.github;
    let plan;
    try {
      plan = await planActionRun({ clients, repoConfigFile, commandPrefix, signal }, workflow, event, { model: env.model });
    } catch (error) {
      if (error instanceof RepoConfigError) return repoConfigProblems(error, env);
      throw error;
    }
    if (!plan.run) {
      const reason = plan.reason.replace(/\.$/, '');
      out(workflowCommand('notice', { title: 'agentic-sdlc' }, `${reason}; nothing to do`));
      await writeOutputs(env.outputFile, actionOutputs('', [], ''));
      await appendSummary(env.summaryFile, `agentic-sdlc: ${reason}; nothing to do for ${describeEvent(event)}.`);
      return 0;
    }
    const where = event.number === undefined ? event.repo : `${event.repo}#${event.number}`;
    out(`agentic-sdlc: ${workflow.name} for ${describeEvent(event)} on ${where}`);
    const result = await runAndWait(runtime, workflow, { inputs: plan.inputs, event }, false);
    return await reportRun(env, workflow, result, out);
  } finally {
    await runtime.close();
  }
}

/** An invalid `.github/agentic-sdlc.yml`: one error annotation per problem, on the file when it is this repository's. */
function repoConfigProblems(error: RepoConfigError, env: ActionEnv): number {
  for (const problem of error.problems) {
    const [repo, path] = problem.file.split(':', 2);
    const here = repo?.toLowerCase() === env.repository.toLowerCase() && path !== undefined;
    const properties = here ? { file: path, line: problem.line, col: problem.col, title: 'agentic-sdlc configuration' } : { title: 'agentic-sdlc configuration' };
    out(workflowCommand('error', properties, here ? problem.message : `${problem.file}:${problem.line}:${problem.col}: ${problem.message}`));
  }
  return 1;
}
