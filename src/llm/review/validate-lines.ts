import type { DiffFile } from '../../diff/parse-diff.js';

export interface LocatedFinding {
  file: string;
  line?: number;
  endLine?: number;
  message: string;
  suggestedCode?: string;
  exampleCode?: string;
}

export interface LineValidation<T> {
  /** Findings whose lines are in the diff: safe for inline comments. */
  inline: T[];
  /** Findings about a file of the diff but not about one of its diff lines: for the summary, without a line. */
  summary: T[];
  /** Findings about files that are not in the diff. */
  dropped: T[];
}

/**
 * Checks every finding against the diff's hunks. A finding stays inline only when its line is an added or
 * context line on the new side; its `endLine` is cut to the last such line of the same hunk (GitHub
 * multi-line comments cannot span hunks). Other findings on a file of the diff move to the summary,
 * their line named in the message; findings on files not in the diff are dropped.
 *
 * `suggestedCode` replaces exactly `line..endLine`: when the range changes here (cut, or moved to the
 * summary), the code would replace the wrong lines, so it is kept only as `exampleCode` (shown, never
 * committable).
 */
export function validateLines<T extends LocatedFinding>(files: readonly DiffFile[], findings: readonly T[]): LineValidation<T> {
  const hunksByPath = new Map<string, number[][]>();
  for (const file of files) {
    const ranges = file.hunks.map((hunk) => hunk.lines.filter((line) => line.newLine !== undefined).map((line) => line.newLine!));
    hunksByPath.set(file.path, ranges);
    if (file.oldPath && file.oldPath !== file.path && !hunksByPath.has(file.oldPath)) hunksByPath.set(file.oldPath, []);
  }
  const result: LineValidation<T> = { inline: [], summary: [], dropped: [] };
  for (const finding of findings) {
    const hunks = hunksByPath.get(finding.file);
    if (!hunks) {
      result.dropped.push(finding);
      continue;
    }
    if (finding.line === undefined) {
      result.summary.push(demoteCode(finding));
      continue;
    }
    const hunk = hunks.find((lines) => lines.includes(finding.line!));
    if (!hunk) {
      const { line: _line, endLine: _endLine, ...rest } = demoteCode(finding);
      const where = finding.endLine && finding.endLine !== finding.line ? `lines ${finding.line}-${finding.endLine}` : `line ${finding.line}`;
      result.summary.push({ ...rest, message: `(${where}, outside the diff) ${finding.message}` } as T);
      continue;
    }
    let end = finding.line;
    if (finding.endLine !== undefined && finding.endLine > finding.line) {
      const present = new Set(hunk);
      while (end < finding.endLine && present.has(end + 1)) end++;
    }
    const kept = end === (finding.endLine ?? finding.line) ? finding : demoteCode(finding);
    const { endLine: _endLine, ...rest } = kept;
    result.inline.push((end > finding.line ? { ...rest, endLine: end } : rest) as T);
  }
  return result;
}

/** The finding with its `suggestedCode` (if any) kept only as `exampleCode`. */
function demoteCode<T extends LocatedFinding>(finding: T): T {
  if (finding.suggestedCode === undefined) return finding;
  const { suggestedCode, ...rest } = finding;
  return { ...rest, exampleCode: finding.exampleCode ?? suggestedCode } as T;
}
