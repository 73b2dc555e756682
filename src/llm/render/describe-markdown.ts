import type { DiffFile } from '../../diff/parse-diff.js';
import { sanitizeModelText } from '../sanitize.js';
import { upsertSection } from '../../report/body-section.js';

export interface Description {
  title: string;
  summary: string;
  walkthrough: { file: string; change: string }[];
}

/** Summary and walkthrough table as Markdown; every file of the diff gets a row, in diff order. */
export function renderDescription(description: Description, files: readonly DiffFile[], footer?: string): string {
  const changes = new Map(description.walkthrough.map((row) => [row.file, row.change]));
  const rows = files.map((file) => {
    const change = changes.get(file.path) ?? `${file.status}${file.binary ? ' (binary)' : ''}`;
    return `| \`${file.path.replace(/`/g, "'")}\` | +${file.additions} −${file.deletions} | ${cell(change)} |`;
  });
  return [
    `### ${oneLine(description.title)}`,
    '',
    sanitizeModelText(description.summary, { maxLength: 3000 }),
    '',
    '<details open><summary>Walkthrough</summary>',
    '',
    '| File | Lines | Change |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '</details>',
    ...(footer ? ['', `<sub>${sanitizeModelText(footer, { maxLength: 300 })}</sub>`] : []),
  ].join('\n');
}

/** The PR body with the generated section replaced, or appended below the author's text. */
export function mergeIntoBody(existing: string | undefined, section: string): string {
  return upsertSection(existing, 'describe', section);
}

function cell(text: string): string {
  return sanitizeModelText(text, { maxLength: 300 }).replace(/\n+/g, ' ').replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return sanitizeModelText(text, { maxLength: 200 }).replace(/\s+/g, ' ');
}
