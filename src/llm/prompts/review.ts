import { z } from 'zod';
import { DATA_RULE, asData } from './delimit.js';

export const REVIEW_PROMPT_VERSION = 'review-v1';

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
        message: z.string().min(1),
        suggestion: z.string().nullable(),
        suggestedCode: z.string().nullable(),
      }),
    )
    .max(50),
});
export type ReviewAnswer = z.infer<typeof reviewAnswerSchema>;

export const REVIEW_SYSTEM = [
  'You are a meticulous senior software engineer reviewing a pull request diff.',
  'Report only real problems in the added lines: bugs, security issues, data loss, race conditions, resource leaks, performance traps, missing error handling, misleading names or docs. No praise, no style nitpicks a formatter would fix, no speculation about code you cannot see.',
  'Each diff line starts with its line number in the new file, then "+" (added), " " (context) or "-" (removed, no number). Use exactly the file path from the "## path" header and a line number shown on an added or context line. Never point at a removed line.',
  'severity: error = must fix before merging (bug, vulnerability); warning = should fix; info = worth knowing.',
  'message: one or two plain sentences saying what is wrong and why. suggestion: how to fix it in prose, or null. suggestedCode: the complete replacement text for lines line..endLine (endLine null means just line), or null when a fix is not a local edit.',
  'At most 20 findings per answer, most important first. Return an empty list when nothing is wrong.',
  DATA_RULE,
].join('\n');

export function reviewUserPrompt(diff: string): string {
  return `Review this part of the pull request.\n\n${asData('diff', diff)}`;
}
