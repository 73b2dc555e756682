import { z } from 'zod';
import { defineAction } from '../../engine/action.js';

/**
 * Keyword rules for labels, and `labels.match`: the labels they pick for an issue or PR, offline. Applying
 * them is `github.labels`'s job; matching needs no network, so a saved payload shows what would be applied.
 */

export const labelRuleSchema = z
  .object({
    label: z.string().min(1),
    /** Words or phrases; any one present (whole words, any case) adds the label. */
    keywords: z.array(z.string().min(1)).min(1),
    /** Where to look. */
    in: z.array(z.enum(['title', 'body'])).default(['title', 'body']),
  })
  .strict();
export type LabelRule = z.infer<typeof labelRuleSchema>;

/** Labels whose rules match the issue's title or body, in rule order, without repeats. Pure. */
export function labelsFromRules(rules: readonly LabelRule[], issue: { title?: string | null; body?: string | null }): string[] {
  const labels: string[] = [];
  for (const rule of rules) {
    const text = rule.in.map((field) => issue[field] ?? '').join('\n');
    if (rule.keywords.some((keyword) => wordPattern(keyword).test(text)) && !labels.includes(rule.label)) labels.push(rule.label);
  }
  return labels;
}

function wordPattern(keyword: string): RegExp {
  const escaped = keyword.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu');
}

export const labelsMatchInput = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  rules: z.array(labelRuleSchema).min(1),
});

export const labelsMatchOutput = z.object({
  /** In rule order, without repeats; whether the repository has them is for `github.labels` to check. */
  labels: z.array(z.string()),
});

export const labelsMatchAction = defineAction({
  name: 'labels.match',
  description: 'Picks labels by keyword rules from a title and body, offline (github.labels applies them).',
  input: labelsMatchInput,
  output: labelsMatchOutput,
  run(_ctx, input) {
    return Promise.resolve({ labels: labelsFromRules(input.rules, input) });
  },
});
