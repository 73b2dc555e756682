// A hunk as the review units a model reads: one, or consecutive parts when it alone exceeds a call's budget.
import type { DiffHunk, DiffLine } from '../../diff/parse-diff.js';
import type { TokenCounter } from '../tokens.js';
import { hunkHeader, newRange, renderLines, unitHash, visibleLines } from './render-hunk.js';

/** One piece of a diff a model reads in one go: a hunk, or a part of a hunk too large for one call. */
export interface ReviewUnit {
  path: string;
  hunk: number;
  part: number;
  /** New-side lines the unit shows; findings in this range belong to it. */
  newStart: number;
  newEnd: number;
  text: string;
  tokens: number;
  /** Cache identity (path + content, no line numbers). */
  hash: string;
  addedShown: number;
  deletedShown: number;
}

/** Parts never start with less room than this, for the `@@ lines a-b (part i of n) @@` header. */
const HEADER_RESERVE = 40;

/**
 * The units of one hunk. `kept` leading lines are shown whatever their distance from a change (context
 * widened on purpose to the enclosing function); other context is trimmed (see `visibleLines`) before the
 * hunk is split, so a part's edge does not hide context a neighbouring change needs.
 */
export function hunkUnits(path: string, hunk: DiffHunk, index: number, budget: number, count: TokenCounter, kept = 0): ReviewUnit[] {
  const shown = visibleLines(hunk.lines, kept);
  const whole = makeUnit(path, hunk, index, hunk.lines, shown, { index: 0, count: 1 }, count);
  if (whole.tokens <= budget) return [whole];
  // A hidden line costs 1: runs of them are 2 lines or more, and one `…` line with its newline costs at most 2.
  const lineTokens = hunk.lines.map((line, i) => (shown[i] ? count(renderLines([line]).text) + 1 : 1));
  const groups: number[][] = [];
  let group: number[] = [];
  let tokens = HEADER_RESERVE;
  hunk.lines.forEach((_, i) => {
    if (group.length > 0 && tokens + lineTokens[i]! > budget) {
      groups.push(group);
      group = [];
      tokens = HEADER_RESERVE;
    }
    group.push(i);
    tokens += lineTokens[i]!;
  });
  if (group.length) groups.push(group);
  return groups.map((indexes, part) =>
    makeUnit(
      path,
      hunk,
      index,
      indexes.map((i) => hunk.lines[i]!),
      indexes.map((i) => shown[i]!),
      { index: part, count: groups.length },
      count,
    ),
  );
}

function makeUnit(path: string, hunk: DiffHunk, index: number, lines: readonly DiffLine[], shown: readonly boolean[], part: { index: number; count: number }, count: TokenCounter): ReviewUnit {
  const range = newRange(
    lines.filter((_, i) => shown[i]),
    hunk.newStart,
  );
  const rendered = renderLines(lines, shown);
  const text = `${hunkHeader(range.start, range.end, hunk.section, part)}\n${rendered.text}`;
  return {
    path,
    hunk: index,
    part: part.index,
    newStart: range.start,
    newEnd: range.end,
    text,
    tokens: count(text) + 1,
    hash: unitHash(path, `${hunk.section}\0${part.index}/${part.count}`, lines),
    addedShown: rendered.addedShown,
    deletedShown: rendered.deletedShown,
  };
}
