import { z } from 'zod';
import { DATA_RULE, asData, clip } from './delimit.js';

export const TRIAGE_PROMPT_VERSION = 'triage-v1';

export const triageAnswerSchema = z.object({
  labels: z.array(z.string()),
  priority: z.enum(['p0', 'p1', 'p2', 'p3']),
  kind: z.enum(['bug', 'feature', 'question', 'docs', 'chore', 'other']),
  duplicates: z.array(z.object({ number: z.int().positive(), reason: z.string() })),
  reasoning: z.string(),
});
export type TriageAnswer = z.infer<typeof triageAnswerSchema>;

export const TRIAGE_SYSTEM = [
  'You triage new issues for a software project.',
  'labels: choose only from the <labels> list, exactly as written; an empty list when none fits. Never invent labels.',
  'priority: p0 = outage, data loss or security hole; p1 = broken feature without workaround; p2 = normal; p3 = minor or nice to have.',
  'duplicates: issues from <issues> that report the same problem, with a one-sentence reason; empty when none clearly matches.',
  'reasoning: two sentences at most.',
  DATA_RULE,
].join('\n');

export interface IssueText {
  number?: number;
  title: string;
  body?: string;
}

export function triageUserPrompt(issue: IssueText, labels: readonly { name: string; description?: string }[], recent: readonly IssueText[]): string {
  const labelList = labels.map((label) => `- ${label.name}${label.description ? `: ${label.description}` : ''}`).join('\n');
  const recentList = recent.map((item) => `#${item.number ?? '?'} ${item.title}${item.body ? ` — ${clip(item.body.replace(/\s+/g, ' '), 300)}` : ''}`).join('\n');
  return [
    'Triage this issue.',
    asData('issue', clip(`Title: ${issue.title}\n\n${issue.body ?? ''}`, 8000), issue.number ? { number: issue.number } : {}),
    asData('labels', labelList || '(none)'),
    asData('issues', recentList || '(none)'),
  ].join('\n\n');
}
