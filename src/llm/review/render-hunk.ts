import { createHash } from 'node:crypto';
import type { DiffHunk, DiffLine } from '../../diff/parse-diff.js';

/** A run of removed lines longer than this is shortened: the model cannot comment on removed lines anyway. */
export const MAX_DELETED_RUN = 4;
const DELETED_SHOWN = 2;
/** Context lines shown on each side of a change; GitHub's diffs carry 3, the third rarely changes a review. */
export const CONTEXT_SHOWN = 2;
/** Stands for unchanged lines left out between two shown lines, so the model never reads them as adjacent. */
export const GAP_LINE = '…';

export interface RenderedLines {
  text: string;
  /** Changed lines whose content the model sees. */
  addedShown: number;
  deletedShown: number;
}

/**
 * Which lines of a hunk the model sees: every added and removed line, context lines at most `CONTEXT_SHOWN`
 * lines from a change, and the first `kept` lines (context added on purpose, e.g. up to the enclosing
 * function). A single context line between two shown ones stays: a gap marker would cost as much.
 * Hidden lines stay in the diff, so findings on them still validate.
 */
export function visibleLines(lines: readonly DiffLine[], kept = 0): boolean[] {
  const distance = lines.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0, last = -Infinity; i < lines.length; i++) {
    if (lines[i]!.kind !== 'context') last = i;
    distance[i] = i - last;
  }
  for (let i = lines.length - 1, next = Infinity; i >= 0; i--) {
    if (lines[i]!.kind !== 'context') next = i;
    distance[i] = Math.min(distance[i]!, next - i);
  }
  if (!distance.some((d) => d === 0)) return lines.map(() => true);
  const shown = distance.map((d, i) => i < kept || d <= CONTEXT_SHOWN);
  for (let i = 1; i + 1 < shown.length; i++) if (!shown[i] && shown[i - 1] && shown[i + 1]) shown[i] = true;
  return shown;
}

/**
 * Lines as the model sees them: `12 +added`, `12  context`, `-removed` (no number: nothing can be commented
 * there). Long runs of removed lines are shortened; lines `shown` marks false are left out, a `…` line
 * standing for them between shown lines.
 */
export function renderLines(lines: readonly DiffLine[], shown?: readonly boolean[]): RenderedLines {
  const out: string[] = [];
  let addedShown = 0;
  let deletedShown = 0;
  let hidden = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (shown && !shown[i]) {
      hidden = out.length > 0;
      continue;
    }
    if (hidden) out.push(GAP_LINE);
    hidden = false;
    if (line.kind === 'del') {
      let end = i;
      while (end < lines.length && lines[end]!.kind === 'del') end++;
      const run = end - i;
      const count = run > MAX_DELETED_RUN ? DELETED_SHOWN : run;
      for (let k = i; k < i + count; k++) out.push(`-${stripCr(lines[k]!.content)}`);
      if (count < run) out.push(`-… ${run - count} more removed lines …`);
      deletedShown += count;
      i = end - 1;
    } else {
      out.push(`${line.newLine ?? ''} ${line.kind === 'add' ? '+' : ' '}${stripCr(line.content)}`);
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
