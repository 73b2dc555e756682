import type { DiffHunk, DiffLine } from '../../diff/parse-diff.js';

/** Lines that open a function, method or class in the common languages. */
const OPENS_SCOPE =
  /^\s*(?:export\s+)?(?:default\s+)?(?:public\s+|private\s+|protected\s+|static\s+|async\s+|abstract\s+|override\s+)*(?:function\b|class\b|def\b|fn\b|func\b|interface\b|impl\b|[A-Za-z_$][\w$]*\s*(?:<[^>]*>)?\s*\([^)]*\)\s*(?::\s*[^={]+)?\s*\{\s*$|(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=\s*(?:async\s+)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>)/;

/**
 * Extends a hunk's leading context up to the line that opens its enclosing function, when that line is
 * at most `maxExtra` lines above and does not reach into the previous hunk. Needs the new file's text;
 * returns the hunk unchanged otherwise ("where cheap").
 */
export function extendToEnclosingScope(hunk: DiffHunk, source: readonly string[], previousEnd: number, maxExtra = 20): DiffHunk {
  const firstNew = hunk.lines.find((line) => line.newLine !== undefined)?.newLine;
  if (firstNew === undefined || firstNew <= 1) return hunk;
  // Already inside the hunk's own context?
  if (hunk.lines.some((line) => line.kind === 'context' && OPENS_SCOPE.test(line.content))) return hunk;
  const floor = Math.max(previousEnd + 1, firstNew - maxExtra, 1);
  for (let number = firstNew - 1; number >= floor; number--) {
    const text = source[number - 1];
    if (text === undefined) return hunk;
    if (!OPENS_SCOPE.test(text)) continue;
    const shift = hunk.oldStart - hunk.newStart;
    const extra: DiffLine[] = [];
    for (let n = number; n < firstNew; n++) extra.push({ kind: 'context', content: source[n - 1]!, newLine: n, oldLine: n + shift });
    return {
      ...hunk,
      oldStart: hunk.oldStart - extra.length,
      oldLines: hunk.oldLines + extra.length,
      newStart: number,
      newLines: hunk.newLines + extra.length,
      lines: [...extra, ...hunk.lines],
    };
  }
  return hunk;
}
