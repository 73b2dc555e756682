import { z } from 'zod';
import { findingSchema } from '../../analysis/finding.js';
import { analysisSummarySchema, withCounts } from '../../analysis/summary.js';
import { defineAction } from '../../engine/action.js';
import { renderMarkdown } from '../../report/render-markdown.js';

export const reportMarkdownInput = z.object({
  findings: z.array(findingSchema),
  summary: analysisSummarySchema,
  title: z.string().optional(),
  notes: z.array(z.string()).optional(),
  /** Shown first, under the title: `llm.review`'s `warnings` (the AI review failed). */
  warnings: z.array(z.string()).optional(),
});

export const reportMarkdownOutput = z.object({
  markdown: z.string(),
  conclusion: z.enum(['success', 'neutral', 'failure']),
  /** `summary` with its counts taken from `findings`: the figures the report shows, for a workflow's outputs. */
  summary: analysisSummarySchema,
});

export const reportMarkdownAction = defineAction({
  name: 'report.markdown',
  description: 'Renders diff.analyze findings as a PR comment body (at most 60,000 characters) and a check conclusion.',
  input: reportMarkdownInput,
  output: reportMarkdownOutput,
  run(_ctx, input) {
    const { markdown, conclusion } = renderMarkdown(input);
    return Promise.resolve({ markdown, conclusion, summary: withCounts(input.summary, input.findings) });
  },
});
