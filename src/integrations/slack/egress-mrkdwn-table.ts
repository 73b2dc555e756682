import { escapeText } from './egress-mrkdwn-inline.js';

/**
 * Markdown tables for Slack, which has none: the rows as aligned plain text inside a code block. Cells lose
 * their inline markup (code, bold) since a code block shows it literally.
 */

/** Whether a table starts at `lines[at]`: a `|` row followed by a `|---|:--:|` separator row. */
export function isTableStart(lines: readonly string[], at: number): boolean {
  const head = lines[at]?.trim() ?? '';
  const separator = lines[at + 1]?.trim() ?? '';
  return head.startsWith('|') && isSeparator(separator);
}

export function isTableRow(line: string): boolean {
  return line.trim().startsWith('|');
}

/** The table's rows (header, separator, body) as one fenced code block. */
export function tableBlock(rows: readonly string[]): string {
  const cells = rows.filter((row, index) => index !== 1 || !isSeparator(row.trim())).map(splitRow);
  const columns = Math.max(...cells.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...cells.map((row) => row[c]?.length ?? 0)));
  const render = (row: string[]) => widths.map((width, c) => (row[c] ?? '').padEnd(width)).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const [header = [], ...body] = cells;
  return ['```', render(header), rule, ...body.map(render), '```'].map(escapeText).join('\n');
}

function isSeparator(line: string): boolean {
  if (!line.includes('-') || !line.includes('|')) return false;
  for (const c of line) if (!'|:- \t'.includes(c)) return false;
  return true;
}

/** Cells of one row; `\|` is a literal bar inside a cell. */
function splitRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const text = row.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  // The outer bars leave an empty first (and usually last) cell.
  if (text.startsWith('|')) cells.shift();
  if (text.endsWith('|') && !text.endsWith('\\|')) cells.pop();
  return cells.map((value) => value.trim().replace(/\*\*|`/g, ''));
}
