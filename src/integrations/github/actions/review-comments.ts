import type { Finding } from '../../../analysis/finding.js';
import { FINGERPRINT_MARKER, findingFingerprint, fingerprintMarker } from '../../../analysis/fingerprint.js';
import type { DiffFile } from '../../../diff/parse-diff.js';
import { codeSpan, escapeMarkdown } from '../../../report/markdown-text.js';

/** One inline comment of `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`. */
export interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface ReviewPlan {
  /** New inline comments, each carrying its finding's fingerprint. */
  comments: ReviewComment[];
  /** Findings that cannot sit on a diff line (file-level, or a line the PR did not touch). */
  outside: Finding[];
  /** Findings already posted by an earlier run, left out. */
  duplicates: number;
}

const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/**
 * Places findings on the lines of the diff (new side). A finding whose line is not in the diff goes to
 * `outside`; a multi-line finding becomes a range comment when both ends are in the same hunk. A finding
 * whose fingerprint is already in `existingBodies` (an earlier run's comments) is not posted again.
 */
export function planReview(findings: readonly Finding[], files: readonly DiffFile[], existingBodies: readonly string[], maxComments = 50): ReviewPlan {
  const hunksByPath = new Map(files.map((file) => [file.path, hunkOfLine(file)]));
  const posted = new Set(existingBodies.map((body) => FINGERPRINT_MARKER.exec(body)?.[1]).filter((fp): fp is string => fp !== undefined));
  const occurrences = new Map<string, number>();
  const plan: ReviewPlan = { comments: [], outside: [], duplicates: 0 };

  for (const finding of findings) {
    const hunkOf = hunksByPath.get(finding.file);
    const hunk = finding.line === undefined ? undefined : hunkOf?.get(finding.line);
    if (finding.line === undefined || hunk === undefined || plan.comments.length >= maxComments) {
      plan.outside.push(finding);
      continue;
    }
    const base = `${finding.rule}\u0000${finding.file}\u0000${finding.message}`;
    const occurrence = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, occurrence);
    const fingerprint = findingFingerprint(finding, occurrence);
    if (posted.has(fingerprint)) {
      plan.duplicates++;
      continue;
    }
    const comment: ReviewComment = { path: finding.file, body: commentBody(finding, fingerprint), line: finding.line, side: 'RIGHT' };
    const end = finding.endLine;
    if (end !== undefined && end > finding.line && hunkOf?.get(end) === hunk) {
      comment.start_line = finding.line;
      comment.start_side = 'RIGHT';
      comment.line = end;
    }
    plan.comments.push(comment);
  }
  return plan;
}

export { findingFingerprint };

export function commentBody(finding: Finding, fingerprint: string): string {
  const lines = [`${SEVERITY_ICON[finding.severity]} **${escapeMarkdown(finding.rule)}**: ${escapeMarkdown(finding.message)}`];
  if (finding.suggestion) lines.push('', `_Suggestion:_ ${escapeMarkdown(finding.suggestion)}`);
  lines.push('', fingerprintMarker(fingerprint));
  return lines.join('\n');
}

/** The review's own body: counts, then the findings that could not be placed on a line. */
export function reviewBody(plan: ReviewPlan, maxListed = 30): string {
  const parts = [`**agentic-sdlc** placed ${plan.comments.length} comment${plan.comments.length === 1 ? '' : 's'} on the diff.`];
  if (plan.outside.length > 0) {
    parts.push('', `Findings outside the changed lines (${plan.outside.length}):`, '');
    for (const finding of plan.outside.slice(0, maxListed)) {
      const where = finding.file === '' ? '' : ` ${codeSpan(finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`)}`;
      parts.push(`- ${SEVERITY_ICON[finding.severity]}${where} **${escapeMarkdown(finding.rule)}**: ${escapeMarkdown(finding.message)}`);
    }
    if (plan.outside.length > maxListed) parts.push(`- … and ${plan.outside.length - maxListed} more`);
  }
  return parts.join('\n');
}

/** New-side line → index of the hunk that shows it (added or context lines only). */
function hunkOfLine(file: DiffFile): Map<number, number> {
  const result = new Map<number, number>();
  file.hunks.forEach((hunk, index) => {
    for (const line of hunk.lines) if (line.newLine !== undefined) result.set(line.newLine, index);
  });
  return result;
}
