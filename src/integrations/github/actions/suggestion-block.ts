import type { Finding } from '../../../analysis/finding.js';
import type { DiffFile } from '../../../diff/parse-diff.js';
import { sanitizeCode } from '../../../llm/sanitize.js';
import { reindentCode } from './reindent-code.js';

/**
 * A model's fix as Markdown for an inline comment. A committable ```suggestion block replaces exactly the
 * lines the comment covers, so it is written only when that is provably safe: the whole range is in one
 * hunk (the comment spans it), the code is complete and unaltered, and it changes something. Otherwise the
 * fix is shown and labelled as not committable: a ```diff block when the current lines are known, else a
 * plain example block.
 */

/** The diff's new-side text of lines `start..end` of one file. */
export interface CurrentLines {
  start: number;
  end: number;
  /** Every line of the range, or undefined when the diff does not show them all. */
  lines: string[] | undefined;
  /** The whole range lies in one hunk, so one comment spans it. */
  oneHunk: boolean;
}

/** sanitizeCode's cap: code this long may have been cut. */
const MAX_CODE = 8000;
/** A ```` ``` ```` line that sanitizeCode escaped: committing it would write the backslashes into the file. */
const ESCAPED_FENCE = /^[ \t]*\\`\\`\\`/m;

export function currentLines(file: DiffFile | undefined, start: number, end: number): CurrentLines {
  const shown = new Map<number, { content: string; hunk: number }>();
  file?.hunks.forEach((hunk, index) => {
    for (const line of hunk.lines) if (line.newLine !== undefined) shown.set(line.newLine, { content: line.content.replace(/\r$/, ''), hunk: index });
  });
  const range = Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => shown.get(start + i));
  if (!range.every((line) => line !== undefined)) return { start, end, lines: undefined, oneHunk: false };
  return { start, end, lines: range.map((line) => line.content), oneHunk: new Set(range.map((line) => line.hunk)).size === 1 };
}

/** The fix section of a comment body, or undefined when there is no fix or it changes nothing. */
export function fixMarkdown(finding: Finding, current: CurrentLines | undefined): string | undefined {
  if (finding.suggestedCode === undefined) {
    if (finding.exampleCode === undefined) return undefined;
    return example(finding.exampleCode, 'it was written for a different range of lines than this comment covers');
  }
  const code = sanitizeCode(finding.suggestedCode);
  if (!current?.lines) return example(code, `the diff does not show all of ${span(current)}`);
  const replacement = reindentCode(toLines(code), current.lines);
  if (replacement.length === current.lines.length && replacement.every((line, i) => line === current.lines![i])) return undefined;
  const unsafe = !current.oneHunk
    ? `${span(current)} span more than one hunk of the diff`
    : ESCAPED_FENCE.test(code)
      ? 'it contains a line starting with ``` (shown escaped)'
      : finding.suggestedCode.length >= MAX_CODE
        ? `it may have been cut at ${MAX_CODE.toLocaleString('en-US')} characters`
        : undefined;
  if (unsafe === undefined) return fenced('suggestion', replacement);
  if (current.lines.join('\n').length > MAX_CODE) return example(code, unsafe);
  const diff = [...current.lines.map((line) => `-${line}`), ...replacement.map((line) => `+${line}`)];
  return `_Suggested change, not committable: ${unsafe}._\n\n${fenced('diff', diff)}`;
}

function example(code: string, why: string): string {
  return `_Example fix, not committable: ${why}._\n\n${fenced('', toLines(sanitizeCode(code)))}`;
}

/** Lines of the code; one trailing newline ends the last line rather than adding an empty one; `''` is no lines. */
function toLines(code: string): string[] {
  return code === '' ? [] : code.replace(/\n$/, '').split('\n');
}

/** A fence longer than any backtick run of the content, so no line of it can close the block early. */
function fenced(info: string, lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}

function span(current: CurrentLines | undefined): string {
  if (!current) return 'these lines';
  return current.end > current.start ? `lines ${current.start}-${current.end}` : `line ${current.start}`;
}
