import type { Finding } from '../../analysis/finding.js';
import type { Workflow } from '../../engine/workflow.js';
import type { RunResult } from '../commands/run.js';
import { aiStatusOf, findingsOf } from '../commands/review-result.js';
import type { ActionEnv } from './action-env.js';
import { actionOutputs, appendSummary, summaryMarkdown, writeOutputs } from './action-outputs.js';
import { gate } from './fail-on.js';
import { findingAnnotation, verbatimGroup, workflowCommand } from './workflow-commands.js';

const TITLE = { title: 'agentic-sdlc' };

/**
 * What a finished run leaves in the job: an annotation per finding, the report in a collapsed group of the
 * log, the step's outputs and the job summary; the exit code `fail-on` gives. A failed run is an error
 * annotation and exit code 1, whatever `fail-on` says: a review that did not happen is no pass.
 */
export async function reportRun(env: ActionEnv, workflow: Workflow, { run, steps }: RunResult, out: (line: string) => void): Promise<number> {
  if (run.status !== 'success') {
    const errors = steps.map((step) => step.error ?? '');
    // The run's error names the step; the step's own error says which call failed and how.
    const cause = steps.find((step) => step.status === 'failure' && step.error)?.error;
    const why = `${run.error ?? run.status}${cause ? `: ${cause}` : ''}${permissionHint(errors)}`;
    out(workflowCommand('error', TITLE, `${workflow.name} ${run.status}: ${why}`));
    await writeOutputs(env.outputFile, actionOutputs(run.id, [], ''));
    await appendSummary(env.summaryFile, `### agentic-sdlc ${workflow.name} ${run.status}\n\n${why}`);
    return 1;
  }
  const outputs = run.outputs ?? {};
  // A workflow without a `findings` output (an issue triage) has nothing to annotate or gate on.
  const findings: Finding[] = workflow.outputs && 'findings' in workflow.outputs ? findingsOf(workflow.name, outputs.findings) : [];
  const report = typeof outputs.report === 'string' ? outputs.report : `${workflow.name} finished (run ${run.id}).`;
  const verdict = gate(findings, env.failOn);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;

  out(`agentic-sdlc ${workflow.name} (run ${run.id}): ${findings.length} finding${findings.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const finding of findings) out(findingAnnotation(finding));
  const ai = aiStatusOf(workflow.name, steps);
  if (ai.error) out(workflowCommand('warning', TITLE, `the AI review gave no answer, so the offline findings stand: ${ai.reason ?? ai.error.message}`));
  else if (!ai.used && ai.reason) out(`AI review: ${ai.reason}`);
  out(verbatimGroup('agentic-sdlc report', report));
  out(`agentic-sdlc: ${verdict.text}`);

  await writeOutputs(env.outputFile, actionOutputs(run.id, findings, report));
  await appendSummary(env.summaryFile, summaryMarkdown(report, { runId: run.id, workflow: workflow.name, errors, warnings, gate: verdict.text }));
  return verdict.failed ? 1 : 0;
}

/** GitHub's 403 from a job token means missing `permissions:`, or a pull request from a fork (read-only token). */
function permissionHint(errors: readonly string[]): string {
  if (!errors.some((error) => /GitHub answered 403/.test(error) && !/rate limit/i.test(error))) return '';
  return (
    ' (the job token may not write here: give the job `permissions: { contents: read, pull-requests: write, checks: write }`;' +
    ' a pull request from a fork gets a read-only token under `pull_request`, see docs/github-action.md)'
  );
}
