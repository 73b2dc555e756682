import { compareFindings } from '../analysis/analyze.js';
import { SEVERITIES, type Finding, type Severity } from '../analysis/finding.js';
import { withCounts, type AnalysisSummary } from '../analysis/summary.js';
import { codeSpan, escapeMarkdown, plural, truncateText } from './markdown-text.js';

export interface ReportInput {
  findings: Finding[];
  summary: AnalysisSummary;
  /** Plain text; escaped. Defaults to "Diff analysis". */
  title?: string;
  /** Plain-text lines shown at the end (limits, links to logs); escaped. */
  notes?: string[];
  /** Plain-text lines shown first, under the title (the AI review failed); escaped. */
  warnings?: string[];
}

export type Conclusion = 'success' | 'neutral' | 'failure';

export interface RenderedReport {
  markdown: string;
  /** `failure` with any error finding, `neutral` with any warning, otherwise `success` — a check run's conclusion. */
  conclusion: Conclusion;
}

/** Below GitHub's 65,536-character limit for comment bodies, with room for a sticky-comment marker. */
export const MAX_MARKDOWN_LENGTH = 60_000;
/** A severity section with more findings than this is folded into `<details>`. */
export const COLLAPSE_AFTER = 20;
const MAX_SKIPPED_LISTED = 50;
const MAX_MESSAGE_LENGTH = 1_000;

const HEADINGS: Record<Severity, { icon: string; title: string; noun: string; nouns: string }> = {
  error: { icon: '❌', title: 'Errors', noun: 'error', nouns: 'errors' },
  warning: { icon: '⚠️', title: 'Warnings', noun: 'warning', nouns: 'warnings' },
  info: { icon: 'ℹ️', title: 'Notices', noun: 'notice', nouns: 'notices' },
};

/** Builds the body of a PR comment from `diff.analyze` output. Pure. */
export function renderMarkdown(input: ReportInput, options: { maxLength?: number } = {}): RenderedReport {
  const maxLength = options.maxLength ?? MAX_MARKDOWN_LENGTH;
  const findings = [...input.findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareFindings(a, b),
  );
  const conclusion: Conclusion = findings.some((f) => f.severity === 'error')
    ? 'failure'
    : findings.some((f) => f.severity === 'warning')
      ? 'neutral'
      : 'success';

  let markdown = render(input, findings, findings.length);
  if (markdown.length > maxLength) {
    // The most findings that fit, errors first; the rest are counted in a truncation note.
    let low = 0;
    let high = findings.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (render(input, findings, mid).length <= maxLength) low = mid;
      else high = mid - 1;
    }
    markdown = render(input, findings, low);
    if (markdown.length > maxLength) markdown = hardCut(markdown, maxLength);
  }
  return { markdown, conclusion };
}

function render(input: ReportInput, findings: readonly Finding[], shown: number): string {
  const { summary } = input;
  const title = `### ${escapeMarkdown(input.title ?? 'Diff analysis')}`;
  const notes = (input.notes ?? []).map((note) => `> ${escapeMarkdown(note)}`);
  const head = [title, ...(input.warnings ?? []).map((warning) => `> ⚠️ **${escapeMarkdown(warning)}**`)];
  if (findings.length === 0) {
    // A clean diff gets a one-line verdict and nothing else.
    const unchecked =
      summary.skippedFiles.length > 0 ? `; ${plural(summary.skippedFiles.length, 'file')} not checked line by line` : '';
    const line =
      summary.files === 0
        ? '✅ No changes to review: the diff changes no files.'
        : `✅ No issues found in ${plural(summary.files, 'file')} (+${summary.additions} −${summary.deletions})${unchecked}.`;
    return `${[...head, line, ...notes].join('\n\n')}\n`;
  }

  const { errors, warnings, infos } = withCounts(summary, findings);
  const counts: Record<Severity, number> = { error: errors, warning: warnings, info: infos };
  const blocks = [
    ...head,
    verdict(counts),
    [
      '| Files | Added | Removed | Errors | Warnings | Notices |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${summary.files} | +${summary.additions} | −${summary.deletions} | ${counts.error} | ${counts.warning} | ${counts.info} |`,
    ].join('\n'),
  ];
  const visible = findings.slice(0, shown);
  for (const severity of SEVERITIES) {
    const items = visible.filter((finding) => finding.severity === severity);
    if (items.length === 0) continue;
    const { icon, title: name } = HEADINGS[severity];
    const heading = `${icon} ${name} (${counts[severity]})`;
    const list = items.map(renderFinding).join('\n');
    blocks.push(
      items.length > COLLAPSE_AFTER
        ? `<details><summary>${heading}</summary>\n\n${list}\n\n</details>`
        : `#### ${heading}\n\n${list}`,
    );
  }
  if (shown < findings.length) {
    blocks.push(`_… ${plural(findings.length - shown, 'more finding')} not shown: the comment would exceed GitHub's size limit._`);
  }
  if (summary.skippedFiles.length > 0) blocks.push(renderSkipped(summary.skippedFiles));
  return `${[...blocks, ...notes].join('\n\n')}\n`;
}

function renderSkipped(skipped: AnalysisSummary['skippedFiles']): string {
  const listed = skipped.slice(0, MAX_SKIPPED_LISTED).map((file) => `- ${codeSpan(file.path)}: ${escapeMarkdown(file.reason)}`);
  if (skipped.length > listed.length) listed.push(`- … and ${skipped.length - listed.length} more`);
  return `<details><summary>${plural(skipped.length, 'file')} not checked line by line</summary>\n\n${listed.join('\n')}\n\n</details>`;
}

function verdict(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => {
    const { noun, nouns } = HEADINGS[severity];
    return plural(counts[severity], noun, nouns);
  });
  if (counts.error > 0) return `❌ **Changes needed:** ${parts.join(', ')}.`;
  if (counts.warning > 0) return `⚠️ **No blocking issues:** ${parts.join(', ')}.`;
  return `✅ **No blocking issues:** ${parts.join(', ')}.`;
}

function renderFinding(finding: Finding): string {
  const where =
    finding.file === '' ? '_whole diff_' : codeSpan(finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`);
  // Model findings say how sure they are; analyzer findings carry no confidence and show none.
  const sure = finding.confidence ? ` (${finding.confidence} confidence)` : '';
  return `- ${where} **${escapeMarkdown(finding.rule)}**${sure}: ${escapeMarkdown(truncateText(finding.message, MAX_MESSAGE_LENGTH))}`;
}

/** Last resort when even the frame (skipped files, notes) is too long. */
function hardCut(markdown: string, maxLength: number): string {
  const note = '\n\n_… truncated: the comment would exceed GitHub\'s size limit._\n';
  let cut = markdown.slice(0, maxLength - note.length - '\n</details>'.length);
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  if (open > 0) cut += '\n</details>';
  return cut + note;
}
