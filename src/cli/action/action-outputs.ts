import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import type { Finding } from '../../analysis/finding.js';

/**
 * The step's results as GitHub Actions reads them: outputs appended to the GITHUB_OUTPUT file, the job summary
 * to GITHUB_STEP_SUMMARY. Outside a runner (the files unset) nothing is written.
 */

export interface ActionOutputs {
  findings: string;
  errors: string;
  warnings: string;
  'run-id': string;
  report: string;
}

export function actionOutputs(runId: string, findings: readonly Finding[], report: string): ActionOutputs {
  return {
    findings: JSON.stringify(findings),
    errors: String(findings.filter((finding) => finding.severity === 'error').length),
    warnings: String(findings.filter((finding) => finding.severity === 'warning').length),
    'run-id': runId,
    report,
  };
}

/**
 * Every value in the multi-line form, `name<<DELIMITER … DELIMITER`, with a random delimiter per value (what
 * @actions/core does): a value can hold any text, newlines included, and cannot end itself early.
 */
export function outputFileText(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      if (value.includes(delimiter) || name.includes(delimiter)) throw new Error(`output ${name}: the value contains its delimiter`);
      return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
    })
    .join('');
}

export async function writeOutputs(file: string | undefined, outputs: ActionOutputs): Promise<void> {
  if (file) await appendFile(file, outputFileText({ ...outputs }), 'utf8');
}

export async function appendSummary(file: string | undefined, markdown: string): Promise<void> {
  if (file) await appendFile(file, `${markdown.replace(/\s+$/, '')}${EOL}${EOL}`, 'utf8');
}

/** The run's report (what the sticky comment says), then a line saying which run and what the gate did. */
export function summaryMarkdown(report: string, footer: { runId: string; workflow: string; errors: number; warnings: number; gate: string }): string {
  const counts = `${footer.errors} error${footer.errors === 1 ? '' : 's'}, ${footer.warnings} warning${footer.warnings === 1 ? '' : 's'}`;
  return `${report.trim()}\n\n---\n_agentic-sdlc ${footer.workflow}, run \`${footer.runId}\`: ${counts}; ${footer.gate}._\n`;
}
