import { z } from 'zod';
import { DATA_RULE, asData, redactedClip } from './delimit.js';
import { GUIDELINES_RULE, guidelinesBlock, type Guidelines } from './guidelines.js';

export const ASK_PROMPT_VERSION = 'ask-v1';

export const askAnswerSchema = z.object({
  answer: z.string().min(1),
  references: z.array(z.object({ file: z.string(), line: z.int().positive().nullable() })),
});
export type AskAnswer = z.infer<typeof askAnswerSchema>;

export const ASK_SYSTEM = [
  'You answer a reviewer\'s question about a pull request, using only the diff and PR text given.',
  'Be direct and short (at most 250 words), in Markdown. Say so when the diff does not contain the answer.',
  'references: the files and new-side line numbers your answer relies on (line null for a whole file).',
  GUIDELINES_RULE,
  DATA_RULE,
].join('\n');

export function askUserPrompt(question: string, pr: { title?: string; body?: string }, diff: string, omitted: string[], guidelines: Guidelines = {}): string {
  const parts = [guidelinesBlock(guidelines), asData('question', redactedClip(question, 2000))].filter(Boolean);
  if (pr.title || pr.body) parts.push(asData('pr', redactedClip(`Title: ${pr.title ?? ''}\n\n${pr.body ?? ''}`, 4000)));
  parts.push(asData('diff', diff));
  if (omitted.length) parts.push(`Files not shown to fit the budget: ${omitted.join(', ')}`);
  return `Answer the question about this pull request.\n\n${parts.join('\n\n')}`;
}
