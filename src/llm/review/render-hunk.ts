import { createHash } from 'node:crypto';
import type { DiffHunk, DiffLine } from '../../diff/parse-diff.js';

/** Width of the new-side line number column the model reads. */
const NUMBER_WIDTH = 5;
/** A run of removed lines longer than this is shortened: the model cannot comment on removed lines anyway. */
export const MAX_DELETED_RUN = 12;
const DELETED_SHOWN = 4;

export interface RenderedLines {
  text: string;
  /** Changed lines whose content the model sees. */
  addedShown: number;
  deletedShown: number;
}

/**
 * Lines as the model sees them: new-side line number, marker, content. Removed lines carry no number
 * (nothing can be commented there); long runs of them are shortened.
 */
export function renderLines(lines: readonly DiffLine[]): RenderedLines {
  const out: string[] = [];
  let addedShown = 0;
  let deletedShown = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === 'del') {
      let end = i;
      while (end < lines.length && lines[end]!.kind === 'del') end++;
      const run = end - i;
      const shown = run > MAX_DELETED_RUN ? DELETED_SHOWN : run;
      for (let k = i; k < i + shown; k++) out.push(`${' '.repeat(NUMBER_WIDTH)} - ${stripCr(lines[k]!.content)}`);
      if (shown < run) out.push(`${' '.repeat(NUMBER_WIDTH)} - … ${run - shown} more removed lines …`);
      deletedShown += shown;
      i = end - 1;
    } else {
      const number = String(line.newLine ?? '').padStart(NUMBER_WIDTH);
      out.push(`${number} ${line.kind === 'add' ? '+' : ' '} ${stripCr(line.content)}`);
      if (line.kind === 'add') addedShown++;
    }
  }
  return { text: out.join('\n'), addedShown, deletedShown };
}

export function hunkHeader(newStart: number, newEnd: number, section: string, part?: { index: number; count: number }): string {
  const range = newEnd >= newStart ? `lines ${newStart}-${newEnd}` : `at line ${newStart}`;
  const suffix = part && part.count > 1 ? ` (part ${part.index + 1} of ${part.count})` : '';
  return `@@ ${range}${suffix} @@${section ? ` ${section}` : ''}`;
}

/** First and last new-side line numbers of `lines` (added or context). */
export function newRange(lines: readonly DiffLine[], fallback: number): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    if (line.newLine === undefined) continue;
    start = Math.min(start, line.newLine);
    end = Math.max(end, line.newLine);
  }
  return Number.isFinite(start) ? { start, end } : { start: fallback, end: fallback - 1 };
}

/**
 * Identity of a piece of a hunk for the response cache: the path, the enclosing section and the lines'
 * kinds and contents — not their line numbers, so a hunk that only moved (an earlier hunk grew) is still a hit.
 */
export function unitHash(path: string, section: string, lines: readonly DiffLine[]): string {
  const hash = createHash('sha256').update(path).update('\0').update(section);
  for (const line of lines) hash.update('\0').update(line.kind).update(':').update(line.content);
  return hash.digest('hex');
}

export function hasAdditions(hunk: DiffHunk): boolean {
  return hunk.lines.some((line) => line.kind === 'add');
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
