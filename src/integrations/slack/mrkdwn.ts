import { escapeText, inlineMrkdwn } from './egress-mrkdwn-inline.js';
import { isTableRow, isTableStart, tableBlock } from './egress-mrkdwn-table.js';

/**
 * Markdown (what workflows write for GitHub comments) → Slack mrkdwn: headings become bold lines, `**b**` `*b*`,
 * `[t](u)` `<u|t>`, list bullets `•`, tables a code block; code blocks are kept; `&<>` escaped; HTML comments
 * and GitHub's `<details>`/`<summary>`/`<br>` tags dropped. One pass over the lines, linear in the input.
 */
export function markdownToMrkdwn(markdown: string): string {
  const lines = dropHtmlComments(markdown.replace(/\r\n?/g, '\n')).split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (fence !== undefined) {
      if (trimmed.startsWith(fence) && trimmed.slice(fence.length).trim() === '') {
        fence = undefined;
        out.push('```');
      } else out.push(escapeText(line));
    } else if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) {
      fence = trimmed.slice(0, 3);
      out.push('```');
    } else if (isTableStart(lines, i)) {
      const start = i;
      while (i + 1 < lines.length && isTableRow(lines[i + 1]!)) i++;
      out.push(tableBlock(lines.slice(start, i + 1)));
    } else {
      out.push(blockLine(line));
    }
  }
  if (fence !== undefined) out.push('```');
  return collapseBlankLines(out).join('\n').trim();
}

const GITHUB_TAGS = /<\/?(details|summary|br|p|sub|sup|b|strong|i|em)\b[^<>]{0,40}>/gi;

/** A line outside code: heading, rule, quote, list item or paragraph. */
function blockLine(raw: string): string {
  const line = raw.replace(GITHUB_TAGS, '');
  const heading = /^ {0,3}#{1,6}\s/.test(line) ? headingText(line) : undefined;
  if (heading !== undefined) return heading ? `*${inlineMrkdwn(heading).replace(/\*/g, '')}*` : '';
  if (isRule(line)) return '──────────';
  const quote = /^ {0,3}>\s?(.*)$/.exec(line);
  if (quote) return `>${blockLine(quote[1]!)}`;
  const item = /^(\s*)([-*+])\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
  if (item) {
    const box = item[3] ? (item[3].trim() === '[ ]' ? '☐ ' : '☑ ') : '';
    return `${indent(item[1]!)}• ${box}${inlineMrkdwn(item[4]!)}`;
  }
  const numbered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return `${indent(numbered[1]!)}${numbered[2]}. ${inlineMrkdwn(numbered[3]!)}`;
  return inlineMrkdwn(line.trimEnd());
}

/** `## Title ##` → `Title` (the closing hashes are optional in Markdown). */
function headingText(line: string): string {
  const text = line.trimStart().replace(/^#+/, '').trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  return end === 0 || text[end - 1] === ' ' ? text.slice(0, end).trim() : text;
}

/** `---`, `***`, `___`, spaces allowed between. */
function isRule(line: string): boolean {
  const text = line.trim();
  const mark = text[0];
  if ((mark !== '-' && mark !== '*' && mark !== '_') || line.length - line.trimStart().length > 3) return false;
  let count = 0;
  for (const c of text) {
    if (c === mark) count++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return count >= 3;
}

/** Nested list items: Slack shows leading spaces, so four per level reads as nesting. */
function indent(spaces: string): string {
  return ' '.repeat(Math.floor(spaces.replace(/\t/g, '    ').length / 2) * 4);
}

/** Removes `<!-- … -->` (which may span lines) with `indexOf` steps: linear, even when never closed. */
function dropHtmlComments(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('<!--', at);
    if (open === -1) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf('-->', open + 4);
    if (close === -1) return out;
    at = close + 3;
  }
}

function collapseBlankLines(lines: string[]): string[] {
  return lines.filter((line, index) => line.trim() !== '' || (index > 0 && lines[index - 1]!.trim() !== ''));
}

export { chunkMrkdwn, SECTION_TEXT_LIMIT } from './egress-mrkdwn-chunk.js';
