import { CONFIDENCE_LEVELS, SEVERITIES, type Confidence, type Finding } from '../../../analysis/finding.js';
import { FINGERPRINT_MARKER, findingFingerprint, fingerprintFindings, fingerprintMarker } from '../../../analysis/fingerprint.js';
import type { DiffFile } from '../../../diff/parse-diff.js';
import { codeSpan, escapeMarkdown } from '../../../report/markdown-text.js';
import { currentLines, fixMarkdown, type CurrentLines } from './suggestion-block.js';

/** One inline comment of `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`. */
export interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface ReviewOptions {
  /** Findings less sure than this go to the review body; analyzer findings (no confidence) count as `high`. */
  minConfidence?: Confidence;
  /** Inline comments at most; the rest (least severe, then least confident) go to the review body. */
  maxComments?: number;
}

export interface ReviewPlan {
  /** New inline comments, each carrying its finding's fingerprint. */
  comments: ReviewComment[];
  /** Findings that cannot sit on a diff line (file-level, or a line the PR did not touch). */
  outside: Finding[];
  /** Findings on a diff line but below `minConfidence`: listed in the body. */
  belowThreshold: Finding[];
  /** Findings on a diff line beyond `maxComments`: listed in the body. */
  overCap: Finding[];
  /** Findings already posted by an earlier run, left out. */
  duplicates: number;
  minConfidence: Confidence;
  maxComments: number;
}

const SEVERITY_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/**
 * Places findings on the lines of the diff (new side). A finding whose line is not in the diff goes to
 * `outside`; a multi-line finding becomes a range comment when both ends are in the same hunk. A finding
 * whose fingerprint is already in `existingBodies` (an earlier run's comments) is not posted again. Few,
 * sure comments beat many: findings below `minConfidence` (default `high`) and those beyond `maxComments`
 * (default 10; most severe and most confident are kept) are listed in the review body instead.
 */
export function planReview(findings: readonly Finding[], files: readonly DiffFile[], existingBodies: readonly string[], options: ReviewOptions = {}): ReviewPlan {
  const minConfidence = options.minConfidence ?? 'high';
  const maxComments = options.maxComments ?? 10;
  const filesByPath = new Map(files.map((file) => [file.path, file]));
  const hunksByPath = new Map(files.map((file) => [file.path, hunkOfLine(file)]));
  const posted = new Set(existingBodies.map((body) => FINGERPRINT_MARKER.exec(body)?.[1]).filter((fp): fp is string => fp !== undefined));
  // Over the whole list, so a finding's fingerprint does not depend on which others were placed.
  const fingerprints = fingerprintFindings(findings);
  const plan: ReviewPlan = { comments: [], outside: [], belowThreshold: [], overCap: [], duplicates: 0, minConfidence, maxComments };

  const placeable: { finding: Finding & { line: number }; fingerprint: string }[] = [];
  findings.forEach((finding, index) => {
    if (finding.line === undefined || hunksByPath.get(finding.file)?.get(finding.line) === undefined) plan.outside.push(finding);
    else if (posted.has(fingerprints[index]!)) plan.duplicates++;
    else if (confidenceRank(finding) > CONFIDENCE_RANK[minConfidence]) plan.belowThreshold.push(finding);
    else placeable.push({ finding: finding as Finding & { line: number }, fingerprint: fingerprints[index]! });
  });
  const kept = new Set([...placeable].sort((a, b) => importance(a.finding) - importance(b.finding)).slice(0, maxComments));
  for (const entry of placeable) {
    if (!kept.has(entry)) {
      plan.overCap.push(entry.finding);
      continue;
    }
    const { finding, fingerprint } = entry;
    const hunkOf = hunksByPath.get(finding.file)!;
    const comment: ReviewComment = { path: finding.file, body: '', line: finding.line, side: 'RIGHT' };
    const end = finding.endLine ?? finding.line;
    if (end > finding.line && hunkOf.get(end) === hunkOf.get(finding.line)) {
      comment.start_line = finding.line;
      comment.start_side = 'RIGHT';
      comment.line = end;
    }
    // A range that runs backwards names no lines a replacement could be for.
    const current = end >= finding.line ? currentLines(filesByPath.get(finding.file), finding.line, end) : undefined;
    comment.body = commentBody(finding, fingerprint, current);
    plan.comments.push(comment);
  }
  return plan;
}

export { findingFingerprint };

/** Prose, then the fix (a suggestion block only when safe), then the fingerprint marker, always last. */
export function commentBody(finding: Finding, fingerprint: string, current?: CurrentLines): string {
  const lines = [`${SEVERITY_ICON[finding.severity]} **${escapeMarkdown(finding.rule)}**: ${escapeMarkdown(finding.message)}`];
  if (finding.suggestion) lines.push('', `_Suggestion:_ ${escapeMarkdown(finding.suggestion)}`);
  const fix = fixMarkdown(finding, current);
  if (fix !== undefined) lines.push('', fix);
  lines.push('', fingerprintMarker(fingerprint));
  return lines.join('\n');
}

/** The review's own body: counts, then the findings that are not inline comments, and why. */
export function reviewBody(plan: ReviewPlan, maxListed = 30): string {
  const parts = [`**agentic-sdlc** placed ${plan.comments.length} comment${plan.comments.length === 1 ? '' : 's'} on the diff.`];
  let room = maxListed;
  const section = (title: string, findings: readonly Finding[]) => {
    if (findings.length === 0) return;
    parts.push('', `${title} (${findings.length}):`, '');
    const shown = findings.slice(0, Math.max(0, room));
    room -= shown.length;
    for (const finding of shown) parts.push(listItem(finding));
    if (findings.length > shown.length) parts.push(`- … and ${findings.length - shown.length} more`);
  };
  section('Findings outside the changed lines', plan.outside);
  section(`Below the ${plan.minConfidence}-confidence threshold for inline comments`, plan.belowThreshold);
  section(`Over the limit of ${plan.maxComments} inline comment${plan.maxComments === 1 ? '' : 's'}`, plan.overCap);
  return parts.join('\n');
}

function listItem(finding: Finding): string {
  const where = finding.file === '' ? '' : ` ${codeSpan(finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`)}`;
  const sure = finding.confidence ? ` (${finding.confidence} confidence)` : '';
  return `- ${SEVERITY_ICON[finding.severity]}${where} **${escapeMarkdown(finding.rule)}**${sure}: ${escapeMarkdown(finding.message)}`;
}

/** 0 for `high` (and for analyzer findings, which carry none), 2 for `low`. */
const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
function confidenceRank(finding: Finding): number {
  return CONFIDENCE_RANK[finding.confidence ?? 'high'];
}

/** Lower first: severity, then confidence. */
function importance(finding: Finding): number {
  return SEVERITIES.indexOf(finding.severity) * CONFIDENCE_LEVELS.length + confidenceRank(finding);
}

/** New-side line → index of the hunk that shows it (added or context lines only). */
function hunkOfLine(file: DiffFile): Map<number, number> {
  const result = new Map<number, number>();
  file.hunks.forEach((hunk, index) => {
    for (const line of hunk.lines) if (line.newLine !== undefined) result.set(line.newLine, index);
  });
  return result;
}
