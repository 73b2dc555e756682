import { z } from 'zod';
import { DATA_RULE, asData, redactedClip } from './delimit.js';
import { GUIDELINES_RULE, guidelinesBlock, type Guidelines } from './guidelines.js';

export const DESCRIBE_PROMPT_VERSION = 'describe-v1';

export const describeAnswerSchema = z.object({
  title: z.string().min(1).max(200),
  summary: z.string().min(1),
  changeType: z.enum(['feature', 'fix', 'refactor', 'docs', 'tests', 'chore', 'performance', 'security', 'mixed']),
  walkthrough: z.array(z.object({ file: z.string().min(1), change: z.string().min(1) })),
});
export type DescribeAnswer = z.infer<typeof describeAnswerSchema>;

export const DESCRIBE_SYSTEM = [
  'You write pull request descriptions for reviewers.',
  'title: imperative mood, at most 72 characters, no trailing period (e.g. "Retry webhook deliveries on 5xx").',
  'summary: 2-5 sentences on what changes and why, in plain Markdown without headings.',
  'walkthrough: one entry per changed file of the diff (use the path from its "## path" header), saying what changed in it in one sentence.',
  GUIDELINES_RULE,
  DATA_RULE,
].join('\n');

export function describeUserPrompt(pr: { title?: string; body?: string }, diff: string, omitted: string[], guidelines: Guidelines = {}): string {
  const parts = [guidelinesBlock(guidelines)].filter(Boolean);
  if (pr.title || pr.body) parts.push(asData('pr', redactedClip(`Title: ${pr.title ?? ''}\n\n${pr.body ?? ''}`, 4000)));
  parts.push(asData('diff', diff));
  if (omitted.length) parts.push(`Files not shown (list them in the walkthrough with what their path suggests): ${omitted.join(', ')}`);
  return `Describe this pull request.\n\n${parts.join('\n\n')}`;
}
