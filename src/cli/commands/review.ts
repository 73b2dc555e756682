import { SEVERITIES, type Severity } from '../../analysis/finding.js';
import type { Runtime } from '../../runtime.js';
import { CliError } from '../cli-error.js';
import { workingTreeDiff } from './review-diff.js';
import { aiStatusOf, findingsOf, requireFindingsOutput, summaryOf, usageOf } from './review-result.js';
import { readEvent, readText, resolveWorkflow, runAndWait } from './run.js';

export interface ReviewOptions {
  diff?: string;
  base?: string;
  event?: string;
  workflow: string;
  json?: boolean;
  /** Checked by commander (`choices`) before anything runs. */
  failOn?: Severity;
  failOnAiError?: boolean;
}

/**
 * `agentic-sdlc review`: the PR-review workflow on a diff file, stdin, or the working tree against its base.
 * Everything the user can get wrong (flags, workflow, event, git) is checked before a run is recorded.
 * Exit code 1 when the run fails, when a finding reaches `--fail-on`, or with `--fail-on-ai-error` when a
 * configured model gave no answer; the offline findings are reported either way.
 */
export async function review(runtime: Runtime, options: ReviewOptions): Promise<number> {
  const workflow = await resolveWorkflow(runtime, options.workflow);
  requireFindingsOutput(workflow);
  const event = options.event ? await readEvent(options.event) : undefined;
  let diff: string;
  if (options.diff) {
    diff = await readText(options.diff, '--diff');
  } else {
    const tree = workingTreeDiff(options.base);
    if (!options.json) process.stderr.write(`${tree.description}\n`);
    diff = tree.diff;
  }

  const { run, steps } = await runAndWait(runtime, workflow, { inputs: { diff }, ...(event ? { event } : {}) }, options.json === true);
  if (run.status !== 'success') throw new CliError(`review failed: ${run.error ?? run.status} (see: agentic-sdlc runs show ${run.id})`);

  const outputs = run.outputs ?? {};
  const findings = findingsOf(workflow.name, outputs.findings);
  const ai = aiStatusOf(workflow.name, steps);
  if (options.json) {
    const slim = findings.map(({ rule, severity, file, line, message }) => ({ rule, severity, file, line: line ?? null, message }));
    const summary = summaryOf(outputs.summary, findings, diff);
    process.stdout.write(`${JSON.stringify({ findings: slim, summary, usage: usageOf(steps), ai, run: { id: run.id } }, null, 2)}\n`);
  } else {
    process.stdout.write(`${typeof outputs.report === 'string' ? outputs.report : JSON.stringify(outputs, null, 2)}\n`);
  }

  let code = 0;
  if (ai.error) {
    const then = options.failOnAiError ? 'exit code 1 (--fail-on-ai-error)' : 'the offline findings were reported (--fail-on-ai-error makes this exit 1)';
    process.stderr.write(`agentic-sdlc: ${ai.reason ?? ai.error.message}; ${then}\n`);
    if (options.failOnAiError) code = 1;
  }
  if (options.failOn) {
    const threshold = SEVERITIES.indexOf(options.failOn);
    if (findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold)) code = 1;
  }
  return code;
}
