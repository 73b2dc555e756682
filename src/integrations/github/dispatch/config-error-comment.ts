import type { RepoConfigProblem } from '../repo-config/load-repo-config.js';

/** The sticky comment key of the configuration notice: one per PR or issue, edited in place. */
export const CONFIG_ERROR_KEY = 'config-error';

/** Said on the PR or issue when `.github/<file>` cannot be used: every problem at file:line:col. Pure. */
export function configErrorText(file: string, problems: readonly RepoConfigProblem[]): string {
  return [
    `**agentic-sdlc** could not use \`.github/${file}\`, so nothing ran:`,
    '',
    '```',
    ...problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
    '```',
    '',
    'Fix the file on the default branch; the next event will use it.',
  ].join('\n');
}

/** What that comment becomes once the file is valid again, so no stale error is left on the page. Pure. */
export function configValidText(file: string): string {
  return `**agentic-sdlc**: \`.github/${file}\` is valid again, and workflows run as configured.`;
}
