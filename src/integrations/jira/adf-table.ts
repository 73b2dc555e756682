import { inlineNodes } from './adf-inline.js';
import type { AdfNode } from './adf-types.js';

/**
 * GitHub-flavoured Markdown tables → ADF `table` (a header row of `tableHeader` cells, then `tableCell`
 * rows). Cells are split on unescaped `|`; rows with fewer cells than the header are padded, extra cells dropped.
 */

/** A row with `|` followed by a delimiter row (`| --- | :-: |`). */
export function isTableStart(lines: readonly string[], i: number): boolean {
  const next = lines[i + 1];
  return lines[i]!.includes('|') && next !== undefined && isDelimiterRow(next);
}

/** Appends the table starting at line `start` to `out`; returns the line after it. */
export function tableNode(lines: readonly string[], start: number, out: AdfNode[]): number {
  const header = cells(lines[start]!);
  const rows: AdfNode[] = [row(header, 'tableHeader')];
  let i = start + 2;
  for (; i < lines.length && lines[i]!.trim() && lines[i]!.includes('|'); i++) {
    const values = cells(lines[i]!);
    rows.push(row(header.map((_, column) => values[column] ?? ''), 'tableCell'));
  }
  out.push({ type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows });
  return i;
}

function row(values: readonly string[], type: 'tableHeader' | 'tableCell'): AdfNode {
  return {
    type: 'tableRow',
    content: values.map((value) => {
      const content = inlineNodes(value);
      return { type, attrs: {}, content: [{ type: 'paragraph', ...(content.length ? { content } : {}) }] };
    }),
  };
}

function isDelimiterRow(line: string): boolean {
  const parts = cells(line);
  return line.includes('-') && parts.length > 0 && parts.every((part) => /^:?-+:?$/.test(part));
}

/** `| a | b \| c |` → `['a', 'b \| c']`: the escape stays for the inline parser to undo. */
function cells(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  const text = line.trim();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '|') {
      current += '\\|';
      i++;
    } else if (text[i] === '|') {
      parts.push(current.trim());
      current = '';
    } else current += text[i];
  }
  parts.push(current.trim());
  if (text.startsWith('|')) parts.shift();
  if (text.endsWith('|') && !text.endsWith('\\|')) parts.pop();
  return parts;
}
