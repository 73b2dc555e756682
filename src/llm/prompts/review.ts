import { z } from 'zod';
import { CONFIDENCE_LEVELS } from '../../analysis/finding.js';
import { DATA_RULE, asData } from './delimit.js';
import { GUIDELINES_RULE } from './guidelines.js';
import { sharedContextText, threadsText, type ReviewContext } from './review-context.js';

/** Part of the hunk cache key: findings cached under an older prompt are never reused. */
export const REVIEW_PROMPT_VERSION = 'review-v2';

export const FINDING_CATEGORIES = ['correctness', 'security', 'performance', 'reliability', 'maintainability', 'testing', 'documentation'] as const;

/** What the model returns per call; strict-mode compatible (every key present, `null` for "none"). */
export const reviewAnswerSchema = z.object({
  findings: z
    .array(
      z.object({
        file: z.string().min(1),
        line: z.int().positive(),
        endLine: z.int().positive().nullable(),
        severity: z.enum(['error', 'warning', 'info']),
        category: z.enum(FINDING_CATEGORIES),
        // Required in the JSON schema the provider enforces; a provider that does not enforce it and leaves it
        // out gets `medium`, which keeps the finding out of inline comments at the default `minConfidence`.
        confidence: z.enum(CONFIDENCE_LEVELS).default('medium'),
        message: z.string().min(1),
        suggestion: z.string().nullable(),
        suggestedCode: z.string().nullable(),
      }),
    )
    .max(50),
});
export type ReviewAnswer = z.infer<typeof reviewAnswerSchema>;

export const REVIEW_SYSTEM = [
  'You are a senior software engineer reviewing part of a pull request diff. Each finding becomes a review comment a busy maintainer must read, so precision matters more than recall.',
  'Precision rules:',
  '- Report a problem only when you are certain of it from the code shown. No speculation about code, callers or configuration you cannot see.',
  '- Each finding names a concrete trigger: the input, state or sequence of calls that makes the code fail, and what then goes wrong (wrong result, crash, hang, leak, vulnerability, data loss).',
  '- Only problems in added lines, or that added lines cause.',
  '- Never report style, formatting, naming or design preferences, "consider adding tests/docs/logging/comments", missing features, or what a compiler or linter already reports. No praise, no summaries.',
  '- An empty list is the right answer for a correct change. Prefer no finding to a doubtful one.',
  'Each diff line shows its line number in the new file, then its marker ("+" added, " " unchanged context) and the code; removed lines have no number and are marked "-". ' +
    'A line "…" stands for unchanged lines left out: the lines on either side of it are not adjacent. ' +
    'Use exactly the file path from the "## path" header and a line number shown on an added or context line. Never point at a removed line.',
  'severity: error = must fix before merging (a bug or vulnerability that the trigger sets off); warning = should fix; info = a real but minor risk.',
  'confidence: high = the code shown proves the failure under the trigger you name; medium = it fails under that trigger unless something outside the diff prevents it (say what); low = a risk you could not confirm. ' +
    'Only high findings are posted on the diff by default; do not inflate it.',
  'message: one or two plain sentences: what fails, under which trigger, and why. suggestion: how to fix it in prose, or null.',
  'suggestedCode: the complete replacement text for exactly lines line..endLine (endLine null means just line), indented as the file is, without line numbers or "+" markers; ' +
    'null when the fix is not a local edit of those lines.',
  'At most 20 findings per answer, most severe first.',
  GUIDELINES_RULE,
  DATA_RULE,
].join('\n');

/**
 * One call's user prompt: the review's shared context (guidelines, PR title and description), the threads
 * on this call's files, then the diff. The shared part comes first so calls of a review share a prefix.
 */
export function reviewUserPrompt(diff: string, context: ReviewContext = {}): string {
  const parts = [sharedContextText(context), threadsText(context.threads ?? []), `Review this part of the pull request.\n\n${asData('diff', diff)}`];
  return parts.filter(Boolean).join('\n\n');
}
