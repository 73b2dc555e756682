import type { CheckLine } from './check.js';

const SYMBOLS: Record<CheckLine['status'], string> = { ok: '✓', fail: '✗', off: '–' };

/**
 * `✓ Slack: bot @sdlc in Acme (https://acme.slack.com/)`, `✗ Redis: …: connect ECONNREFUSED → check that Redis runs…`,
 * `– Jira: not configured: …`; a line's details (each workflow problem) indented beneath it.
 */
export function formatLines(lines: CheckLine[]): string {
  return lines
    .map((line) => {
      const head = `${SYMBOLS[line.status]} ${line.name}: ${line.message}${line.fix ? ` → ${line.fix}` : ''}`;
      return [head, ...(line.details ?? []).map((detail) => `    ${detail}`)].join('\n');
    })
    .join('\n');
}

export function summary(lines: CheckLine[]): string {
  const failed = lines.filter((line) => line.status === 'fail').length;
  return failed ? `${failed} problem${failed === 1 ? '' : 's'} to fix` : 'everything configured works';
}
