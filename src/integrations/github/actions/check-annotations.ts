import type { Finding, Severity } from '../../../analysis/finding.js';
import { sanitizeCode } from '../../../llm/sanitize.js';

/** GitHub accepts at most 50 annotations per create/update request; more are sent in further updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Check-run `output.summary` and `output.text` limit. */
export const MAX_SUMMARY_LENGTH = 65_535;

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  message: string;
  title: string;
  raw_details?: string;
}

const LEVELS: Record<Severity, AnnotationLevel> = { error: 'failure', warning: 'warning', info: 'notice' };
const MAX_MESSAGE = 64 * 1024 - 1;

/**
 * Annotations for the findings that point at a line; file-level findings belong in the summary. At most
 * `max` (errors first), the rest counted in `omitted`.
 */
export function toAnnotations(findings: readonly Finding[], max = 1_000): { annotations: CheckAnnotation[]; omitted: number } {
  const located = findings
    .filter((finding): finding is Finding & { line: number } => finding.file !== '' && finding.line !== undefined)
    .sort((a, b) => rank(a.severity) - rank(b.severity));
  const annotations = located.slice(0, max).map((finding) => {
    const annotation: CheckAnnotation = {
      path: finding.file,
      start_line: finding.line,
      end_line: Math.max(finding.line, finding.endLine ?? finding.line),
      annotation_level: LEVELS[finding.severity],
      message: finding.message.slice(0, MAX_MESSAGE),
      title: finding.rule,
    };
    const details = rawDetails(finding);
    if (details) annotation.raw_details = utf8Prefix(details, MAX_MESSAGE);
    return annotation;
  });
  return { annotations, omitted: located.length - annotations.length };
}

/**
 * The prose suggestion, then the model's code, labelled with the lines it replaces (an annotation cannot
 * apply it; a reader copies it). `exampleCode` was written for other lines and says so.
 */
function rawDetails(finding: Finding & { line: number }): string {
  const end = finding.endLine ?? finding.line;
  const lines = end > finding.line ? `lines ${finding.line}-${end}` : `line ${finding.line}`;
  const code =
    finding.suggestedCode !== undefined
      ? finding.suggestedCode === ''
        ? `Suggested replacement for ${lines}: delete ${end > finding.line ? 'them' : 'it'}.`
        : `Suggested replacement for ${lines}:\n${sanitizeCode(finding.suggestedCode)}`
      : finding.exampleCode !== undefined
        ? `Example fix (written for other lines, not a drop-in replacement for ${lines}):\n${sanitizeCode(finding.exampleCode)}`
        : undefined;
  return [finding.suggestion, code].filter((part) => part).join('\n\n');
}

/** The longest prefix of whole characters that fits in `maxBytes` of UTF-8 (GitHub's limit is in bytes). */
function utf8Prefix(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  return text.slice(0, new TextEncoder().encodeInto(text, new Uint8Array(maxBytes)).read);
}

/** Splits items into chunks of `size`; always at least one (possibly empty) chunk, so one request is made. */
export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  if (items.length === 0) return [[]];
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function clampSummary(summary: string): string {
  const notice = '\n\n… (truncated)';
  return summary.length > MAX_SUMMARY_LENGTH ? `${summary.slice(0, MAX_SUMMARY_LENGTH - notice.length)}${notice}` : summary;
}

function rank(severity: Severity): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

/** `2 errors, 1 warning`, or `No findings`. */
export function checkTitle(findings: readonly Finding[]): string {
  const counts = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity === 'info' ? 'notice' : severity}${count === 1 ? '' : 's'}`);
  return counts.length ? counts.join(', ') : 'No findings';
}
